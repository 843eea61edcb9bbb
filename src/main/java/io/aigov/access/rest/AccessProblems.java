package io.aigov.access.rest;

import java.net.URI;
import java.util.regex.Pattern;

import jakarta.inject.Singleton;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;

import io.aigov.access.service.AccountConflictException;
import io.aigov.access.service.LoginThrottledException;
import io.aigov.access.service.NoSuchAccountException;
import io.aigov.access.service.SignInUnavailableException;
import io.aigov.api.config.ApiConfig;
import io.aigov.api.rest.Problems;

/** Problem responses for sign-in and accounts; details stay in the log, never a stack trace in a response. */
@Startup
@Singleton
public class AccessProblems {

    private static final Logger LOG = Logger.getLogger(AccessProblems.class);
    /** An address a cookie carries as it is: what a URI may hold but a comma, a semicolon, quotes and backslashes. */
    private static final Pattern COOKIE_SAFE = Pattern.compile("[A-Za-z0-9\\-._~:/?#\\[\\]@!$&'()*+=%]{1,2000}");

    private final ApiConfig config;
    private final String realm;
    private final String returnCookie;
    private final Counter signInUnavailable;

    public AccessProblems(ApiConfig config, @ConfigProperty(name = "quarkus.http.auth.realm") String realm,
            @ConfigProperty(name = "quarkus.http.auth.form.location-cookie") String returnCookie, MeterRegistry metrics) {
        this.config = config;
        this.realm = realm;
        this.returnCookie = returnCookie;
        // From zero, so that a rate over the first 503s is right.
        this.signInUnavailable = metrics.counter("aigov.unavailable.responses", "cause", "sign_in_unavailable");
    }

    /**
     * 401 for an API request without a valid sign-in, with the Basic challenge, ahead of the problem
     * library's own mapper, which fails against this Quarkus version's challenge data; a console page
     * sends the browser to the sign-in page instead. A console page opened signed out (a link in a
     * notice, a bookmark) is where the sign-in leads back to: its address goes into the cookie the form
     * sign-in reads after a successful sign-in, which leads only to an address of this same origin.
     */
    @ServerExceptionMapper(priority = Priorities.USER - 100)
    public Response unauthenticated(UnauthorizedException e, UriInfo uri, Request request) {
        if (!uri.getPath().startsWith("/api")) {
            Response.ResponseBuilder toSignIn = Response.seeOther(URI.create("/signin"));
            URI page = uri.getRequestUri();
            if (HttpMethod.GET.equals(request.getMethod()) && uri.getPath().startsWith("/console")
                    && COOKIE_SAFE.matcher(page.toString()).matches()) {
                // Written as it is: JAX-RS would quote a value holding '=' or '?', and the form sign-in reads quotes as part of it.
                toSignIn.header(HttpHeaders.SET_COOKIE, returnCookie + "=" + page + "; Path=/; HttpOnly; SameSite=Strict"
                        + ("https".equals(page.getScheme()) ? "; Secure" : ""));
            }
            return toSignIn.build();
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
        return Problems.withHeader(Response.Status.UNAUTHORIZED, detail, "WWW-Authenticate", "Basic realm=\"" + realm + "\", charset=\"UTF-8\"");
    }

    @ServerExceptionMapper
    public Response signInUnavailable(SignInUnavailableException e) {
        LOG.errorf("A sign-in could not be checked: %s", e.getCause().getMessage());
        signInUnavailable.increment();
        return Problems.unavailable("The accounts cannot be read, so the sign-in could not be checked; try again later",
                config.retryAfterSeconds());
    }

    @ServerExceptionMapper(priority = Priorities.USER - 100)
    public Response loginThrottled(LoginThrottledException e) {
        return Problems.withHeader(Response.Status.TOO_MANY_REQUESTS,
                "Too many failed sign-ins for this user or from this address; try again later", "Retry-After",
                Math.max(1, e.retryAfter().toSeconds()));
    }

    @ServerExceptionMapper
    public Response accountConflict(AccountConflictException e) {
        return Problems.of(Response.Status.CONFLICT, e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response noSuchAccount(NoSuchAccountException e) {
        return Problems.of(Response.Status.NOT_FOUND, e.getMessage()).toResponse();
    }
}
