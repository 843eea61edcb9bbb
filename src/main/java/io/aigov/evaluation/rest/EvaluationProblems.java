package io.aigov.evaluation.rest;

import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.aigov.api.rest.Problems;
import io.aigov.api.rest.Violation;
import io.aigov.decision.engine.RulesetDefectException;
import io.aigov.evaluation.service.InvalidUseCaseException;

/**
 * A use case the active rules cannot take is a 400 naming each field; rules that fail to decide are
 * a defect of the rules, answered as the service's error, the log has the details.
 */
@Singleton
public class EvaluationProblems {

    private static final Logger LOG = Logger.getLogger(EvaluationProblems.class);

    @ServerExceptionMapper
    public Response invalidUseCase(InvalidUseCaseException e) {
        return Problems.badRequest(e.getMessage(), e.invalidFields().entrySet().stream()
                .map(field -> new Violation(field.getKey(), "body", field.getValue())).toList()).toResponse();
    }

    @ServerExceptionMapper
    public Response rulesetDefect(RulesetDefectException e) {
        LOG.error("The active ruleset failed to decide", e);
        return Problems.of(Response.Status.INTERNAL_SERVER_ERROR, "The active ruleset failed to decide: " + e.getMessage()).toResponse();
    }
}
