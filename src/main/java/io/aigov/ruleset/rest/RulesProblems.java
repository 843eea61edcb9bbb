package io.aigov.ruleset.rest;

import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkiverse.resteasy.problem.HttpProblem;

import io.aigov.api.Problems;
import io.aigov.ruleset.service.NoRulesFolderException;
import io.aigov.ruleset.service.RuleChangeRefusedException;
import io.aigov.ruleset.validation.CandidateReport;

/** The rules capability's refusals as problem responses. */
@Singleton
public class RulesProblems {

    static final String PROBLEM = "application/problem+json";

    /** The status that answers a refused rule change, here and on the console's pages. */
    public static Response.Status status(RuleChangeRefusedException.Reason reason) {
        return switch (reason) {
            case NOT_FOUND -> Response.Status.NOT_FOUND;
            case NOT_ALLOWED -> Response.Status.FORBIDDEN;
            case CONFLICT -> Response.Status.CONFLICT;
        };
    }

    @ServerExceptionMapper
    public Response refused(RuleChangeRefusedException e) {
        return Problems.of(status(e.reason()), e.getMessage(), e.particulars()).toResponse();
    }

    @ServerExceptionMapper
    public Response noRulesFolder(NoRulesFolderException e) {
        return Problems.of(Response.Status.CONFLICT, e.getMessage()).toResponse();
    }

    /** A candidate the gate refused: 422 with the gate's whole report. */
    static HttpProblem rejected(String detail, CandidateReport report) {
        return HttpProblem.builder().withStatus(422).withTitle("Unprocessable Entity").withDetail(detail + ": " + report.summary())
                .with("report", report).build();
    }
}
