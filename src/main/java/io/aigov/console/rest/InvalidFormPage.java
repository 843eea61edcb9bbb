package io.aigov.console.rest;

import java.util.List;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

import io.aigov.api.rest.Violation;

/** A console form refused as a whole (a control character in a field) answers with a page naming the fields, not the API's problem. */
public class InvalidFormPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance invalid(List<Violation> violations);
    }

    @ServerExceptionMapper
    public Response invalid(InvalidFormException refusal) {
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(Templates.invalid(refusal.violations())).build();
    }
}
