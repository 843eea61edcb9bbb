package io.aigov.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.response.Response;

/**
 * An answer's status and JSON read without REST Assured's checks and paths, for loops that send
 * hundreds of requests: REST Assured compiles a Groovy script for every path it evaluates, and its
 * checks run through Groovy too, which made them a quarter of a test JVM's CPU time.
 */
public final class Answers {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Answers() {
    }

    /** The answer, once its status is the one expected; otherwise the failure shows its body. */
    public static Response expect(int status, Response answer) {
        assertEquals(status, answer.statusCode(), answer.asString());
        return answer;
    }

    public static JsonNode json(Response answer) {
        try {
            return JSON.readTree(answer.asByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("the answer is not JSON: " + answer.asString(), e);
        }
    }

    /** A field of each element of an array, e.g. the names of {@code firedRules}. */
    public static List<String> fieldOfEach(JsonNode array, String field) {
        return StreamSupport.stream(array.spliterator(), false).map(element -> element.path(field).asText()).toList();
    }
}
