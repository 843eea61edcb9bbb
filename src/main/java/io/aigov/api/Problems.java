package io.aigov.api;

import java.util.Comparator;
import java.util.List;

import jakarta.ws.rs.core.Response;

import io.quarkiverse.resteasy.problem.HttpProblem;

/** The problem responses (RFC 9457) the API's own code raises; the framework's errors are mapped by the problem extension. */
public final class Problems {

    private Problems() {
    }

    public static HttpProblem badRequest(String detail, List<Violation> violations) {
        return HttpProblem.builder()
                .withStatus(Response.Status.BAD_REQUEST)
                .withTitle("Bad Request")
                .withDetail(detail)
                .with("violations", violations.stream().sorted(Comparator.comparing(Violation::field)).toList())
                .build();
    }

    public static HttpProblem invalidParameter(String name, String in, String message) {
        return badRequest(name + " " + message, List.of(new Violation(name, in, message)));
    }

    public static HttpProblem of(Response.Status status, String detail) {
        return HttpProblem.builder().withStatus(status).withTitle(status.getReasonPhrase()).withDetail(detail).build();
    }
}
