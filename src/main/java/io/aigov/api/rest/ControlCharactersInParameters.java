package io.aigov.api.rest;

import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.aigov.shared.ControlCharacters;

/**
 * Refuses path and query parameters holding control characters before any resource sees them, as
 * request bodies are refused: no name, id or filter the service stores or looks up can hold one,
 * and PostgreSQL cannot even compare text holding NUL.
 */
public class ControlCharactersInParameters {

    @ServerRequestFilter
    public void refuse(UriInfo uri) {
        List<Violation> violations = new ArrayList<>();
        collect(uri.getPathParameters(), "path", violations);
        collect(uri.getQueryParameters(), "query", violations);
        if (!violations.isEmpty()) {
            throw Problems.badRequest("The request has " + violations.size() + " invalid parameter" + (violations.size() == 1 ? "" : "s"),
                    violations);
        }
    }

    private static void collect(MultivaluedMap<String, String> parameters, String in, List<Violation> violations) {
        parameters.forEach((name, values) -> values.forEach(value -> ControlCharacters.problemIn(value)
                .ifPresent(problem -> violations.add(new Violation(name, in, problem)))));
    }
}
