package io.aigov.evaluation.rest;

import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.aigov.api.Problems;
import io.aigov.decision.engine.RulesetDefectException;

/** Rules that fail to decide are a defect of the rules, answered as the service's error; the log has the details. */
@Singleton
public class EvaluationProblems {

    private static final Logger LOG = Logger.getLogger(EvaluationProblems.class);

    @ServerExceptionMapper
    public Response rulesetDefect(RulesetDefectException e) {
        LOG.error("The active ruleset failed to decide", e);
        return Problems.of(Response.Status.INTERNAL_SERVER_ERROR, "The active ruleset failed to decide: " + e.getMessage()).toResponse();
    }
}
