package io.aigov.control.rest;

import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.aigov.api.rest.Problems;
import io.aigov.api.rest.Violation;
import io.aigov.control.service.ControlRefusedException;

/** A refused control action as a problem response: 404, 403, 409, 413, 415, or 400 naming each field. */
@Singleton
public class ControlProblems {

    @ServerExceptionMapper
    public Response refused(ControlRefusedException e) {
        return switch (e.reason()) {
            case NOT_FOUND -> Problems.of(Response.Status.NOT_FOUND, e.getMessage()).toResponse();
            case NOT_ALLOWED -> Problems.of(Response.Status.FORBIDDEN, e.getMessage()).toResponse();
            case CONFLICT -> Problems.of(Response.Status.CONFLICT, e.getMessage()).toResponse();
            case TOO_LARGE -> Problems.of(Response.Status.REQUEST_ENTITY_TOO_LARGE, "The evidence file " + e.getMessage()).toResponse();
            case UNSUPPORTED_TYPE -> Problems.of(Response.Status.UNSUPPORTED_MEDIA_TYPE, "The evidence file " + e.getMessage()).toResponse();
            case INVALID -> Problems.badRequest(e.getMessage(), e.invalidFields().entrySet().stream()
                    .map(field -> new Violation(field.getKey(), "body", field.getValue())).toList()).toResponse();
        };
    }
}
