package io.aigov.proposal.rest;

import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkiverse.resteasy.problem.HttpProblem;

import io.aigov.api.rest.Problems;
import io.aigov.api.rest.Violation;
import io.aigov.proposal.service.ProposalRefusedException;

/** A refused proposal action as a problem response: 404, 403, 409 with what the proposal allows, or 400 naming each field. */
@Singleton
public class ProposalProblems {

    @ServerExceptionMapper
    public Response refused(ProposalRefusedException e) {
        return problem(e).toResponse();
    }

    /** The status that answers a refusal. */
    private static Response.Status status(ProposalRefusedException.Reason reason) {
        return switch (reason) {
            case NOT_FOUND -> Response.Status.NOT_FOUND;
            case NOT_ALLOWED -> Response.Status.FORBIDDEN;
            case CONFLICT -> Response.Status.CONFLICT;
            case INVALID -> Response.Status.BAD_REQUEST;
        };
    }

    private static HttpProblem problem(ProposalRefusedException e) {
        if (e.reason() == ProposalRefusedException.Reason.INVALID) {
            return Problems.badRequest(e.getMessage(),
                    e.invalidFields().entrySet().stream().map(field -> new Violation(field.getKey(), "body", field.getValue())).toList());
        }
        return Problems.of(status(e.reason()), e.getMessage(), e.particulars());
    }
}
