package io.aigov.api;

import java.net.URI;
import java.util.Locale;

import jakarta.inject.Singleton;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkiverse.resteasy.problem.HttpProblem;
import io.quarkus.runtime.Startup;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;

import io.aigov.access.service.LoginThrottledException;
import io.aigov.access.service.SignInUnavailableException;
import io.aigov.api.config.ApiConfig;
import io.aigov.audit.AuditUnavailableException;
import io.aigov.decision.engine.RulesetDefectException;

/** Problem responses for the service's own failures; details stay in the log, never a stack trace in a response. */
@Startup
@Singleton
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private final ApiConfig config;
    private final String realm;

    private static final String SIGN_IN_UNAVAILABLE = "sign_in_unavailable";

    private final MeterRegistry metrics;

    public ProblemMappers(ApiConfig config, @ConfigProperty(name = "quarkus.http.auth.realm") String realm, MeterRegistry metrics) {
        this.config = config;
        this.realm = realm;
        this.metrics = metrics;
        // From zero, so that a rate over the first 503s is right.
        for (AuditUnavailableException.Reason reason : AuditUnavailableException.Reason.values()) {
            unavailable(reason.name());
        }
        unavailable(SIGN_IN_UNAVAILABLE);
    }

    private Counter unavailable(String cause) {
        return metrics.counter("aigov.unavailable.responses", "cause", cause.toLowerCase(Locale.ROOT));
    }

    @ServerExceptionMapper
    public Response auditUnavailable(AuditUnavailableException e) {
        unavailable(e.reason().name()).increment();
        return serviceUnavailable("The audit log cannot be written, so no decision was given; try again later");
    }

    /**
     * 401 for an API request without a valid sign-in, with the Basic challenge, ahead of the problem
     * library's own mapper, which fails against this Quarkus version's challenge data; a console page
     * sends the browser to the sign-in page instead.
     */
    @ServerExceptionMapper(priority = Priorities.USER - 100)
    public Response unauthenticated(UnauthorizedException e, UriInfo uri) {
        if (!uri.getPath().startsWith("/api")) {
            return Response.seeOther(URI.create("/signin")).build();
        }
        return unauthorized("Sign in to use this service");
    }

    /** A failed sign-in: the API answers 401 (or 429 when throttled); the console shows its sign-in page again. */
    @ServerExceptionMapper(priority = Priorities.USER - 100)
    public Response signInFailed(AuthenticationFailedException e, UriInfo uri) {
        if (!uri.getPath().startsWith("/api")) {
            return Response.seeOther(URI.create("/signin?failed=true")).build();
        }
        if (e.getCause() instanceof LoginThrottledException throttled) {
            return loginThrottled(throttled);
        }
        return unauthorized("Wrong user name or password");
    }

    private Response unauthorized(String detail) {
        return problem(Response.Status.UNAUTHORIZED, detail, "WWW-Authenticate", "Basic realm=\"" + realm + "\", charset=\"UTF-8\"");
    }

    @ServerExceptionMapper
    public Response signInUnavailable(SignInUnavailableException e) {
        LOG.errorf("A sign-in could not be checked: %s", e.getCause().getMessage());
        unavailable(SIGN_IN_UNAVAILABLE).increment();
        return serviceUnavailable("The accounts cannot be read, so the sign-in could not be checked; try again later");
    }

    private Response serviceUnavailable(String detail) {
        return problem(Response.Status.SERVICE_UNAVAILABLE, detail, "Retry-After", config.retryAfterSeconds());
    }

    @ServerExceptionMapper(priority = Priorities.USER - 100)
    public Response loginThrottled(LoginThrottledException e) {
        return problem(Response.Status.TOO_MANY_REQUESTS, "Too many failed sign-ins for this user or from this address; try again later",
                "Retry-After", Math.max(1, e.retryAfter().toSeconds()));
    }

    /** A problem response titled with the status's reason phrase, carrying the one header that tells the client what to do. */
    private static Response problem(Response.Status status, String detail, String header, Object value) {
        return HttpProblem.builder()
                .withStatus(status)
                .withTitle(status.getReasonPhrase())
                .withDetail(detail)
                .withHeader(header, value)
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
