package io.aigov.api;

import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.aigov.api.config.ApiConfig;
import io.aigov.audit.AuditUnavailableException;
import io.aigov.evaluation.engine.RulesetDefectException;
import io.quarkiverse.resteasy.problem.HttpProblem;

/** Problem responses for the service's own failures; details stay in the log, never a stack trace in a response. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private final ApiConfig config;

    public ProblemMappers(ApiConfig config) {
        this.config = config;
    }

    @ServerExceptionMapper
    public Response auditUnavailable(AuditUnavailableException e) {
        return HttpProblem.builder()
                .withStatus(Response.Status.SERVICE_UNAVAILABLE)
                .withTitle("Service Unavailable")
                .withDetail("The audit log cannot be written, so no decision was given; try again later")
                .withHeader("Retry-After", config.retryAfterSeconds())
                .build()
                .toResponse();
    }

    @ServerExceptionMapper
    public Response rulesetDefect(RulesetDefectException e) {
        LOG.error("The active ruleset failed to decide", e);
        return Problems.of(Response.Status.INTERNAL_SERVER_ERROR, "The active ruleset failed to decide: " + e.getMessage())
                .toResponse();
    }
}
