package io.aigov.ruleset.rest;

import java.time.Duration;

import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.micrometer.core.instrument.MeterRegistry;

import io.quarkiverse.resteasy.problem.HttpProblem;

import io.aigov.api.rest.Problems;
import io.aigov.ruleset.isolation.service.CheckCapacityException;
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

    private final MeterRegistry metrics;

    public RulesProblems(MeterRegistry metrics) {
        this.metrics = metrics;
    }

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

    /** A check refused for want of check processes: 503 with Retry-After, nothing was checked or changed. */
    @ServerExceptionMapper
    public Response busy(CheckCapacityException e) {
        countBusy(metrics);
        long seconds = retryAfterSeconds(e);
        return HttpProblem.builder().withStatus(Response.Status.SERVICE_UNAVAILABLE).withTitle(busyTitle(seconds))
                .withDetail(e.getMessage() + "; nothing was checked or changed").withHeader("Retry-After", seconds).build().toResponse();
    }

    /** Counts a 503 for want of check processes, with the service's other 503 answers. */
    public static void countBusy(MeterRegistry metrics) {
        metrics.counter("aigov.unavailable.responses", "cause", "rule_checks_busy").increment();
    }

    /** Whole seconds, rounded up, at least one. */
    public static long retryAfterSeconds(CheckCapacityException e) {
        Duration retryAfter = e.retryAfter();
        return Math.max(1, retryAfter.toSeconds() + (retryAfter.toNanosPart() > 0 ? 1 : 0));
    }

    /** The words that tell a person their check was refused for now, here and on the console's pages. */
    public static String busyTitle(long retryAfterSeconds) {
        return "Too many rule checks are running; try again in " + retryAfterSeconds + " s";
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
