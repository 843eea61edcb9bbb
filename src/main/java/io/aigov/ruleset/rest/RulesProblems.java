package io.aigov.ruleset.rest;

import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkiverse.resteasy.problem.HttpProblem;

import io.aigov.api.rest.Problems;
import io.aigov.ruleset.isolation.service.CheckCapacityException;
import io.aigov.ruleset.service.BusyChecks;
import io.aigov.ruleset.service.NoRulesFolderException;
import io.aigov.ruleset.service.RuleChangeRefusedException;
import io.aigov.ruleset.validation.CandidateReport;

/** The rules capability's refusals as problem responses. */
@Singleton
public class RulesProblems {

    static final String PROBLEM = "application/problem+json";
    /** What a 503 of an operation that checks a candidate means, for the API's documentation. */
    static final String BUSY = "Too many rule checks are running or waiting (or the caller has as many as one person may):"
            + " nothing was checked or changed; try again after Retry-After seconds";

    private final BusyChecks busyChecks;

    public RulesProblems(BusyChecks busyChecks) {
        this.busyChecks = busyChecks;
    }

    /** The status that answers a refused rule change. */
    static Response.Status status(RuleChangeRefusedException.Reason reason) {
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

    /** A check refused for want of check processes: 503 with Retry-After, nothing was checked or changed. */
    @ServerExceptionMapper
    public Response busy(CheckCapacityException e) {
        busyChecks.refused();
        return HttpProblem.builder().withStatus(Response.Status.SERVICE_UNAVAILABLE).withTitle(e.tryAgainLater())
                .withDetail(e.getMessage() + "; nothing was checked or changed").withHeader("Retry-After", e.retryAfterSeconds()).build()
                .toResponse();
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
