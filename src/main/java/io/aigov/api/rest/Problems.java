package io.aigov.api.rest;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

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

    /** A problem titled with the status's reason phrase, with further members that say what stands instead. */
    public static HttpProblem of(Response.Status status, String detail, Map<String, Object> particulars) {
        HttpProblem.Builder problem = HttpProblem.builder().withStatus(status).withTitle(status.getReasonPhrase()).withDetail(detail);
        particulars.forEach(problem::with);
        return problem.build();
    }

    /** A problem response titled with the status's reason phrase, carrying the one header that tells the client what to do. */
    public static Response withHeader(Response.Status status, String detail, String header, Object value) {
        return HttpProblem.builder()
                .withStatus(status)
                .withTitle(status.getReasonPhrase())
                .withDetail(detail)
                .withHeader(header, value)
                .build()
                .toResponse();
    }

    /** A 503 telling the client to try again after the configured pause; the counter counts such answers by cause. */
    public static Response unavailable(String detail, int retryAfterSeconds) {
        return withHeader(Response.Status.SERVICE_UNAVAILABLE, detail, "Retry-After", retryAfterSeconds);
    }
}
