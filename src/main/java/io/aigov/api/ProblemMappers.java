package io.aigov.api;

import jakarta.ws.rs.Priorities;
import java.net.URI;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.aigov.access.service.LoginThrottledException;
import io.aigov.api.config.ApiConfig;
import io.aigov.audit.AuditUnavailableException;
import io.aigov.evaluation.engine.RulesetDefectException;
import io.quarkiverse.resteasy.problem.HttpProblem;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;

/** Problem responses for the service's own failures; details stay in the log, never a stack trace in a response. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private final ApiConfig config;
    private final String realm;

    public ProblemMappers(ApiConfig config, @ConfigProperty(name = "quarkus.http.auth.realm") String realm) {
        this.config = config;
        this.realm = realm;
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
        return HttpProblem.builder()
                .withStatus(Response.Status.UNAUTHORIZED)
                .withTitle("Unauthorized")
                .withDetail(detail)
                .withHeader("WWW-Authenticate", "Basic realm=\"" + realm + "\", charset=\"UTF-8\"")
                .build()
                .toResponse();
    }

    @ServerExceptionMapper(priority = Priorities.USER - 100)
    public Response loginThrottled(LoginThrottledException e) {
        return HttpProblem.builder()
                .withStatus(Response.Status.TOO_MANY_REQUESTS)
                .withTitle("Too Many Requests")
                .withDetail("Too many failed sign-ins for this user or from this address; try again later")
                .withHeader("Retry-After", Math.max(1, e.retryAfter().toSeconds()))
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
