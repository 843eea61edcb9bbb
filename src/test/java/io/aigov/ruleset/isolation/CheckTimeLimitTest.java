package io.aigov.ruleset.isolation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.aigov.support.CheckProcessesUnderTest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** A check process still busy at its time limit is killed, with everything it started, and the candidate rejected. */
@QuarkusTest
@TestProfile(CheckTimeLimitTest.TinyTimeLimit.class)
class CheckTimeLimitTest {

    public static class TinyTimeLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Compiling the shipped rules takes a warm process hundreds of milliseconds; the bundled rules serve meanwhile.
            return Map.of("aigov.rules.check.time-limit", "50ms", "aigov.rules.directory", "/nonexistent/rules-folder");
        }
    }

    @Test
    void aCandidateStillBeingCheckedAtTheTimeLimitIsRejectedAndItsProcessKilled() throws Exception {
        List<ProcessHandle> processes = CheckProcessesUnderTest.withParents(CheckProcessesUnderTest.warmSpare());

        given().contentType(ContentType.JSON).body(CheckProcessesUnderTest.newCandidate()).when().post("/api/rules/validate")
                .then().statusCode(200)
                .body("passed", equalTo(false))
                .body("report.safetyFindings", hasSize(1))
                .body("report.safetyFindings[0].message", containsString("was stopped after 50 ms (time limit)"))
                .body("report.isolation", containsString("50 ms time limit"));

        for (ProcessHandle process : processes) {
            process.onExit().get(5, TimeUnit.SECONDS);
            assertFalse(process.isAlive(), "process " + process.pid() + " of the stopped check is still running");
        }
        assertTrue(CheckProcessesUnderTest.checkJvms().size() <= 1, "only the next spare may run: " + CheckProcessesUnderTest.checkJvms());
        given().contentType(ContentType.JSON).body("""
                {"name": "Still served", "dailyRequestVolume": 1000, "consistency": "MODERATE", "labeledExamples": 400,
                 "stableMonths": 2, "timeToProductionWeeks": 4, "latencyBudgetMs": 1000, "vocabulary": "STANDARD"}
                """).when().post("/api/evaluations").then().statusCode(201);
    }
}
