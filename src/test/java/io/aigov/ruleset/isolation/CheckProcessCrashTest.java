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

/** A check process that crashes rejects the candidate with a finding that says so, and the service stays up. */
@QuarkusTest
@TestProfile(CheckProcessCrashTest.BrokenJvmOption.class)
class CheckProcessCrashTest {

    public static class BrokenJvmOption implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("aigov.rules.check.java-options", "-XX:+NoSuchOption", "aigov.rules.directory", "/nonexistent/rules-folder");
        }
    }

    @Test
    void aCandidateWhoseCheckProcessCrashesIsRejected() {
        given().contentType(ContentType.JSON).body(CheckProcessesUnderTest.newCandidate()).when().post("/api/rules/validate")
                .then().statusCode(200)
                .body("passed", equalTo(false))
                .body("report.safetyFindings", hasSize(1))
                .body("report.safetyFindings[0].message", containsString("the check process crashed (exit code 1) while starting"));
        given().when().get("/q/health/ready").then().statusCode(200);
    }
}
