package io.aigov.ruleset.isolation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.aigov.support.CheckProcessesUnderTest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** A check process that runs out of its heap rejects the candidate with a finding that says so. */
@QuarkusTest
@TestProfile(CheckMemoryLimitTest.TinyHeap.class)
class CheckMemoryLimitTest {

    public static class TinyHeap implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Far too little to compile rules; the bundled rules serve, compiled in the service.
            return Map.of("aigov.rules.check.heap", "16M", "aigov.rules.directory", "/nonexistent/rules-folder");
        }
    }

    @Test
    void aCandidateWhoseCheckRunsOutOfMemoryIsRejected() {
        given().contentType(ContentType.JSON).body(CheckProcessesUnderTest.newCandidate()).when().post("/api/rules/validate")
                .then().statusCode(200)
                .body("passed", equalTo(false))
                .body("report.safetyFindings", hasSize(1))
                .body("report.safetyFindings[0].message", containsString("ran out of its 16 MB heap"));
    }
}
