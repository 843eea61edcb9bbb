package io.aigov.ruleset.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.aigov.decision.ruleset.RulesetCandidate;
import io.aigov.support.AuditTable;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Trying a candidate on past decisions, and re-running a past decision on the version that took it. */
@QuarkusTest
@TestProfile(WritableRulesFolder.class)
class ImpactAndReplayTest {

    /** A tie between the factors (prompting wins it) that a volume threshold of 40,000 tips to fine-tuning. */
    private static final String TIPPING = """
            {"name": "Tipping case", "dailyRequestVolume": 45000, "consistency": "STRICT", "labeledExamples": 400,
             "stableMonths": 2, "timeToProductionWeeks": 4, "latencyBudgetMs": 150, "vocabulary": "STANDARD"}
            """;
    private static final String STEADY = TIPPING.replace("45000", "1000").replace("Tipping case", "Steady case");

    @Inject
    AuditTable auditTable;

    @AfterEach
    void restoreTheFolder() {
        WritableRulesFolder.restore();
        given().when().post("/api/rules/reload").then().statusCode(200);
    }

    @Test
    void impactListsTheDecisionsACandidateWouldChangeAndWritesNothing() throws InterruptedException {
        // An activation in an earlier test may still be evaluating open proposals again, in the background.
        auditTable.awaitProposalsFollowed();
        String steady = evaluate(STEADY);
        String tipping = evaluate(TIPPING);
        long rows = auditTable.count();

        onlyTheTippingCaseChanges(given().contentType(ContentType.JSON).body(candidate("volume.fineTuning.min = 40000", 2))
                .when().post("/api/rules/impact")
                .then().statusCode(200), tipping, steady)
                .body("changes[0].after.verdict", equalTo("ALLOWED"));
        // Rules other than those that serve (here without the US packs) take a check process, whose number is bounded.
        given().contentType(ContentType.JSON).body(candidate("volume.fineTuning.min = 50000", 2))
                .when().post("/api/rules/impact")
                .then().statusCode(200)
                .body("replayed", equalTo(2))
                .body("changed", equalTo(0))
                .body("report.isolation", startsWith("child process"));
        assertEquals(rows, auditTable.count(), "impact analysis must not write evaluations");
    }

    @Test
    void aCandidateThatChangesOnlyDataIsReplayedInTheServiceAndFindsWhatACheckProcessFinds() throws InterruptedException {
        auditTable.awaitProposalsFollowed();
        String steady = evaluate(STEADY);
        String tipping = evaluate(TIPPING);
        long rows = auditTable.count();
        UnaryOperator<String> fortyThousand = thresholds -> thresholds.replace("volume.fineTuning.min = 50000", "volume.fineTuning.min = 40000");

        for (UnaryOperator<String> verdictFile : List.<UnaryOperator<String>>of(UnaryOperator.identity(), drl -> drl + "\n// edited\n")) {
            boolean rulesAsTheyServe = verdictFile.apply("").isEmpty();
            onlyTheTippingCaseChanges(given().contentType(ContentType.JSON).body(Map.of("files", shippedFiles(fortyThousand, verdictFile), "limit", 2))
                    .when().post("/api/rules/impact")
                    .then().statusCode(200), tipping, steady)
                    .body("report.isolation", rulesAsTheyServe ? startsWith("none needed: the rules of the version that serves")
                            : startsWith("child process"));
            // Thresholds the rules cannot read are refused alike, with nothing replayed.
            given().contentType(ContentType.JSON)
                    .body(Map.of("files", shippedFiles(thresholds -> thresholds.replace("volume.fineTuning.min = 50000",
                            "volume.fineTuning.min = many"), verdictFile), "limit", 2))
                    .when().post("/api/rules/impact")
                    .then().statusCode(422)
                    .body("report.compileErrors[0].file", equalTo("thresholds.properties"));
        }
        assertEquals(rows, auditTable.count(), "impact analysis must not write evaluations");
    }

    @Test
    void anUnsafeCandidateIsNotRunForImpact() {
        List<Map<String, String>> files = files("volume.fineTuning.min = 50000");
        files.add(Map.of("name", "exit.drl", "content", "package aigov.x;\nrule \"x\" when then System.exit(0); end\n"));
        given().contentType(ContentType.JSON).body(Map.of("files", files)).when().post("/api/rules/impact")
                .then().statusCode(422).body("report.safetyFindings", not(empty()));
        given().contentType(ContentType.JSON).body(candidate("volume.fineTuning.min = 40000", 100_001))
                .when().post("/api/rules/impact")
                .then().statusCode(400).body("violations[0].field", equalTo("limit"));
    }

    @Test
    void anEvaluationReplaysOnTheVersionThatDecidedItEvenAfterTheRulesChanged() {
        String tipping = evaluate(TIPPING);
        String decidedOn = given().get("/api/evaluations/" + tipping).path("rulesetVersion");

        given().contentType(ContentType.TEXT).body(WritableRulesFolder.read("thresholds.properties")
                .replace("volume.fineTuning.min = 50000", "volume.fineTuning.min = 40000"))
                .when().put("/api/rules/files/thresholds.properties").then().statusCode(200);
        given().contentType(ContentType.JSON).body(TIPPING).post("/api/evaluations").then().statusCode(201)
                .body("approach", equalTo("FINE_TUNING"));

        given().when().post("/api/evaluations/" + tipping + "/replay").then().statusCode(200)
                .body("reproduced", equalTo(true))
                .body("differences", empty())
                .body("rulesetVersion", equalTo(decidedOn))
                .body("replayed.approach", equalTo("PROMPTING"));
        given().when().post("/api/evaluations/00000000-0000-4000-8000-000000000000/replay").then().statusCode(404);
        given().when().post("/api/evaluations/zzz/replay").then().statusCode(400).body("violations[0].field", equalTo("id"));
    }

    /** A replay decides each recorded counterfactual again (over 50,000 a day tips the tie): one that no longer gives its outcome is a difference. */
    @Test
    void aReplayDecidesEachRecordedCounterfactualAgainAndNamesOneThatDoesNotHold() {
        String tipping = evaluate(TIPPING);
        given().get("/api/evaluations/" + tipping).then()
                .body("counterfactuals.approach.find { it.field == 'dailyRequestVolume' }.value", equalTo(50001))
                .body("counterfactuals.approach.find { it.field == 'dailyRequestVolume' }.outcome", equalTo("FINE_TUNING"));
        given().when().post("/api/evaluations/" + tipping + "/replay").then().statusCode(200).body("reproduced", equalTo(true));

        String recorded = auditTable.column("counterfactuals", tipping);
        auditTable.tamper("update audit_log set counterfactuals = jsonb_set(counterfactuals, '{approach,0,outcome}', '\"PROMPTING\"')"
                + " where id = '" + tipping + "'");
        try {
            given().when().post("/api/evaluations/" + tipping + "/replay").then().statusCode(200)
                    .body("reproduced", equalTo(false))
                    .body("differences", hasItem(allOf(startsWith("counterfactuals.approach: "), containsString(" recorded, replayed "))));
        } finally {
            auditTable.tamper("update audit_log set counterfactuals = '" + recorded.replace("'", "''") + "'::jsonb where id = '" + tipping + "'");
        }
        given().get("/api/audit/verify").then().body("ok", equalTo(true));
    }

    private static String evaluate(String body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/api/evaluations")
                .then().statusCode(201).extract().path("id");
    }

    /** A volume threshold of 40,000 replayed on the two evaluations: the tipping one alone changes, to fine-tuning. */
    private static ValidatableResponse onlyTheTippingCaseChanges(ValidatableResponse impact, String tipping, String steady) {
        return impact.body("replayed", equalTo(2))
                .body("changed", equalTo(1))
                .body("changes[0].id", equalTo(tipping))
                .body("changes[0].before.approach", equalTo("PROMPTING"))
                .body("changes[0].after.approach", equalTo("FINE_TUNING"))
                .body("changes.id", not(hasItem(steady)))
                .body("report.goldenCases", not(empty()));
    }

    /** The shipped rule files and golden cases, the serving ones here, with the thresholds and verdict.drl edited. */
    private static List<Map<String, String>> shippedFiles(UnaryOperator<String> thresholds, UnaryOperator<String> verdict) {
        RulesetCandidate shipped = RulesetCandidate.fromDirectory(Path.of("rules"));
        return shipped.files().stream().map(file -> Map.of("name", file.name(), "content",
                file.name().equals("thresholds.properties") ? thresholds.apply(file.content())
                        : file.name().equals("verdict.drl") ? verdict.apply(file.content()) : file.content())).toList();
    }

    private static Map<String, Object> candidate(String volumeLine, int limit) {
        return Map.of("files", files(volumeLine), "limit", limit);
    }

    private static List<Map<String, String>> files(String volumeLine) {
        List<Map<String, String>> files = new ArrayList<>();
        // Each pack's rules name obligations its .properties declares, under the regimes declarations.properties declares.
        for (String name : List.of("approach-factors.drl", "approach-decision.drl", "regulation-eu-ai-act.drl", "regulation-eu-ai-act.properties",
                "declarations.properties", "regulation-hipaa-sox.drl", "regulation-hipaa-sox.properties", "verdict.drl")) {
            files.add(Map.of("name", name, "content", WritableRulesFolder.read(name)));
        }
        files.add(Map.of("name", "thresholds.properties", "content",
                WritableRulesFolder.read("thresholds.properties").replace("volume.fineTuning.min = 50000", volumeLine)));
        files.add(Map.of("name", "tests/legal-document-review-at-scale.json", "content",
                WritableRulesFolder.read("tests/legal-document-review-at-scale.json")));
        return files;
    }
}
