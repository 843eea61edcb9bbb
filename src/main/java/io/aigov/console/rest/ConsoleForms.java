package io.aigov.console.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.NewCookie;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;

import io.aigov.api.rest.Problems;
import io.aigov.api.rest.Violation;
import io.aigov.shared.ControlCharacters;

/**
 * The token every state-changing console form carries (a double-submit token): a page puts the
 * value of its CSRF cookie, set with the first page that needs one, in a hidden field, and the form
 * is accepted only when the two match. A page of another site can make a browser post a form, but
 * cannot read the cookie to put its value in the form; the cookie is also HttpOnly and SameSite=Strict.
 * The sign-in page issues one too, for its form. {@link FormTokenCheck} checks every form posted; the
 * API, signed in with Basic or bearer tokens, needs no token.
 */
@Named("csrf")
@RequestScoped
public class ConsoleForms {

    public static final String TOKEN_FIELD = "csrf-token";
    public static final String TOKEN_COOKIE = "aigov-csrf";
    private static final String NEW_TOKEN = "aigov.csrf.new-token";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RoutingContext request;

    public ConsoleForms(RoutingContext request) {
        this.request = request;
    }

    /** The token for this page's forms: the browser's, or a new one that the response sets as its cookie. */
    public String getToken() {
        Cookie cookie = request.request().getCookie(TOKEN_COOKIE);
        if (cookie != null && cookie.getValue().length() == 43) {
            return cookie.getValue();
        }
        String issued = request.get(NEW_TOKEN);
        if (issued == null) {
            byte[] random = new byte[32];
            RANDOM.nextBytes(random);
            issued = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            request.put(NEW_TOKEN, issued);
        }
        return issued;
    }

    public String getField() {
        return TOKEN_FIELD;
    }

    /**
     * A posted form is accepted only without control characters in any field: refused, naming the
     * field, as the API refuses them in JSON. A form bound through the API's binder needs no such
     * check: the binder reports control characters beside their fields. (The page's token is checked
     * before any form reaches a page: {@link FormTokenCheck}.)
     */
    public static void requireNoControlCharacters(MultivaluedMap<String, String> form) {
        List<Violation> violations = new ArrayList<>();
        form.forEach((field, values) -> values.forEach(value -> ControlCharacters.problemIn(value)
                .ifPresent(problem -> violations.add(new Violation(field, "form", problem)))));
        if (!violations.isEmpty()) {
            throw Problems.badRequest("The form has " + violations.size() + " invalid field" + (violations.size() == 1 ? "" : "s"),
                    violations);
        }
    }

    /**
     * The binder's violations by field, as a page shows them beside its fields: an item of a list
     * under the list's name, several messages for one field joined.
     */
    static Map<String, String> errors(List<Violation> violations) {
        Map<String, String> errors = new LinkedHashMap<>();
        violations.forEach(v -> errors.merge(v.field().replaceAll("\\[\\d+]$", ""), v.message(), (a, b) -> a + "; " + b));
        return errors;
    }

    /** Whether a form's token is the one its cookie holds, compared in constant time. */
    static boolean tokenMatches(String formToken, String cookieToken) {
        return formToken != null && cookieToken != null && !formToken.isEmpty()
                && MessageDigest.isEqual(formToken.getBytes(StandardCharsets.UTF_8), cookieToken.getBytes(StandardCharsets.UTF_8));
    }

    /** Sets the cookie of a token issued while the page was rendered. */
    public static class IssuedTokenCookie {

        @ServerResponseFilter
        public void setCookie(ContainerResponseContext response, RoutingContext request) {
            String issued = request.get(NEW_TOKEN);
            if (issued != null) {
                response.getHeaders().add("Set-Cookie", new NewCookie.Builder(TOKEN_COOKIE).value(issued).path("/").httpOnly(true)
                        .sameSite(NewCookie.SameSite.STRICT).build());
            }
        }
    }
}
