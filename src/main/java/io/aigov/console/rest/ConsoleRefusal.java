package io.aigov.console.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.ForbiddenException;

/**
 * A refusal on a console page (a role the user lacks, a form without the page's token) as a page
 * that says so, not the API's problem document. Each console resource maps the exception with a
 * mapper of its own that calls this: a global mapper loses to the problem library's mapper for this
 * exception whatever its priority, while a resource's own mapper comes first.
 */
final class ConsoleRefusal {

    private static final String MISSING_ROLE = "Your roles do not allow this page or action.";

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance forbidden(String reason);
    }

    private ConsoleRefusal() {
    }

    static Response page(ForbiddenException refusal) {
        // Quarkus' refusal of a missing role has no message of its own.
        String reason = refusal.getMessage() == null || refusal.getMessage().isBlank() ? MISSING_ROLE : refusal.getMessage();
        return Response.status(Response.Status.FORBIDDEN).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(Templates.forbidden(reason)).build();
    }
}
