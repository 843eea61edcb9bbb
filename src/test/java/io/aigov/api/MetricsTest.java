package io.aigov.api;

import static io.aigov.support.TestUsers.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.aigov.support.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** What an operator scrapes at /q/metrics, named by the Prometheus conventions. */
@QuarkusTest
class MetricsTest {

    private static final String EVALUATION = """
            {"name": "Metrics probe", "dailyRequestVolume": 45000, "consistency": "MODERATE", "labeledExamples": 400,
             "stableMonths": 2, "timeToProductionWeeks": 4, "latencyBudgetMs": 1000, "vocabulary": "STANDARD"}
            """;

    @Test
    void evaluationsAuditCommitsRuleFiringsAndCandidatesAreCounted() throws IOException {
        String before = metrics();
        String version = as(TestUsers.RULE_AUTHOR).get("/api/rules").path("active.version");
        String approach = null;
        for (int i = 0; i < 3; i++) {
            approach = given().contentType(ContentType.JSON).body(EVALUATION).post("/api/evaluations").then().statusCode(201)
                    .extract().path("approach");
        }
        String thresholds = Files.readString(Path.of("rules", "thresholds.properties"));
        as(TestUsers.RULE_AUTHOR).contentType(ContentType.TEXT).body(thresholds.replace("volume.fineTuning.min = 50000",
                "volume.fineTuning.min = fifty thousand")).put("/api/rules/files/thresholds.properties").then().statusCode(422);
        String change = as(TestUsers.RULE_AUTHOR).contentType(ContentType.TEXT)
                .body(thresholds.replace("volume.fineTuning.min = 50000", "volume.fineTuning.min = 60000"))
                .put("/api/rules/files/thresholds.properties").then().statusCode(202).extract().path("change.id");
        as(TestUsers.OTHER_RULE_AUTHOR).contentType(ContentType.JSON).body("{}").post("/api/rules/changes/" + change + "/reject")
                .then().statusCode(200);

        String after = metrics();
        String evaluations = "aigov_evaluations_total{approach=\"" + approach + "\",ruleset_version=\"" + version + "\",verdict=\"";
        assertEquals(3.0, sumOf(after, Pattern.quote(evaluations) + "[A-Z_]+\"\\}") - sumOf(before, Pattern.quote(evaluations) + "[A-Z_]+\"\\}"),
                after);
        assertTrue(sumOf(after, "aigov_rule_firings_total\\{rule=\"[^\"]+\"\\}") >= sumOf(before, "aigov_rule_firings_total\\{rule=\"[^\"]+\"\\}") + 3);
        assertEquals(1.0, delta(before, after, "aigov_ruleset_candidates_total{outcome=\"rejected\"}"));
        assertEquals(1.0, delta(before, after, "aigov_ruleset_candidates_total{outcome=\"pending\"}"));
        assertTrue(delta(before, after, "aigov_evaluation_duration_seconds_count") >= 3);
        assertTrue(delta(before, after, "aigov_evaluation_counterfactuals_duration_seconds_count") >= 3);
        assertTrue(delta(before, after, "cache_gets_total{cache=\"counterfactuals\",result=\"hit\"}") >= 2,
                "the same use case evaluated again gets the counterfactuals found the first time");
        assertTrue(delta(before, after, "aigov_audit_commit_duration_seconds_count") >= 1);
        assertTrue(delta(before, after, "aigov_audit_commit_batch_records_sum") >= 3);
        assertTrue(after.contains("aigov_evaluation_duration_seconds_bucket{le="), "evaluation latency is a histogram");
        assertTrue(after.contains("aigov_audit_commit_duration_seconds_bucket{le="), "commit latency is a histogram");
        assertTrue(after.contains("aigov_ruleset_active_info{version=\"" + version + "\"} 1.0"), after);
        assertTrue(after.contains("aigov_unavailable_responses_total{cause=\"commit_timeout\"}"), "503s are counted by cause from zero");
    }

    private static String metrics() {
        // Written by the Prometheus text format with or without a comma after the last label.
        return given().accept("text/plain").get("/q/metrics").then().statusCode(200).body(containsString("aigov_")).extract().asString()
                .replace(",}", "}");
    }

    private static double delta(String before, String after, String series) {
        return sumOf(after, Pattern.quote(series)) - sumOf(before, Pattern.quote(series));
    }

    /** The sum of every sample whose name and labels match, 0 when there is none. */
    private static double sumOf(String exposition, String series) {
        Matcher samples = Pattern.compile("(?m)^" + series + " ([0-9.eE+-]+)$").matcher(exposition);
        double sum = 0;
        while (samples.find()) {
            sum += Double.parseDouble(samples.group(1));
        }
        return sum;
    }
}
