package io.aigov.proposal.rest;

import static io.aigov.support.TestUsers.as;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.aigov.proposal.service.ProposalService;
import io.aigov.ruleset.rest.WritableRulesFolder;
import io.aigov.support.AuditTable;
import io.aigov.support.TestUsers;
import io.aigov.support.UseCaseBodies;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** A rule change re-evaluates open proposals and flags for the board those whose approach or verdict changed. */
@QuarkusTest
@TestProfile(WritableRulesFolder.class)
class ProposalReevaluationTest {

    private static final String TIPPING = UseCaseBodies.TIPPING;
    private static final String STEADY = UseCaseBodies.STEADY;

    @Inject
    AuditTable tables;

    @AfterEach
    void restoreTheFolder() throws InterruptedException {
        WritableRulesFolder.restore();
        as(TestUsers.RULE_AUTHOR).post("/api/rules/reload").then().statusCode(200);
        // Activating the restored rules re-evaluates every open proposal in the background: wait for it here, not in the next test.
        tables.awaitProposalsFollowed();
    }

    @Test
    void aRuleChangeFlagsTheOpenProposalWhoseApproachItChangedWithOldAndNewResults() throws InterruptedException {
        String tipping = ProposalWorkflowTest.submit(TestUsers.SUBMITTER, TIPPING);
        String steady = ProposalWorkflowTest.submit(TestUsers.SUBMITTER, STEADY);
        ProposalWorkflowTest.review(tipping);
        String before = as(TestUsers.BOARD).get("/api/proposals/" + tipping).then().body("latestEvaluation.approach", equalTo("PROMPTING"))
                .extract().path("latestEvaluation.rulesetVersion");

        as(TestUsers.RULE_AUTHOR).contentType(ContentType.TEXT).body(WritableRulesFolder.read("thresholds.properties")
                .replace("volume.fineTuning.min = 50000", "volume.fineTuning.min = 40000"))
                .put("/api/rules/files/thresholds.properties").then().statusCode(200);
        tables.awaitProposalsFollowed();

        JsonPath flagged = as(TestUsers.BOARD).get("/api/proposals/" + tipping).then().statusCode(200)
                .body("flagged", equalTo(true))
                .body("flagReason", containsString("approach PROMPTING -> FINE_TUNING"))
                .body("state", equalTo("UNDER_REVIEW"))
                .body("evaluations.reason", contains("SUBMITTED", "RULESET_CHANGED"))
                .body("evaluations.approach", contains("PROMPTING", "FINE_TUNING"))
                .body("latestEvaluation.approach", equalTo("FINE_TUNING"))
                .body("events.note", hasItem(startsWith("flagged for the board")))
                .extract().jsonPath();
        String after = flagged.getString("latestEvaluation.rulesetVersion");
        assertNotEquals(before, after);
        assertEquals(ProposalService.RE_EVALUATION, tables.column("requested_by", flagged.getString("latestEvaluation.id")));
        as(TestUsers.BOARD).get("/api/proposals/queue?limit=1000").then().body("find { it.id == '" + tipping + "' }.flagged", equalTo(true));

        as(TestUsers.BOARD).get("/api/proposals/" + steady).then()
                .body("flagged", equalTo(false))
                .body("evaluations.reason", contains("SUBMITTED", "RULESET_CHANGED"))
                .body("latestEvaluation.rulesetVersion", equalTo(after));

        as(TestUsers.BOARD).contentType(ContentType.JSON)
                .body("{\"decision\": \"APPROVED\", \"rationale\": \"Fine-tuning is right at this volume.\", \"evaluationId\": \""
                        + flagged.getString("evaluations[0].id") + "\"}")
                .post("/api/proposals/" + tipping + "/decisions").then().statusCode(409).body("detail", containsString("re-evaluated"));
        as(TestUsers.BOARD).contentType(ContentType.JSON)
                .body("{\"decision\": \"APPROVED\", \"rationale\": \"Fine-tuning is right at this volume.\", \"evaluationId\": \""
                        + flagged.getString("latestEvaluation.id") + "\"}")
                .post("/api/proposals/" + tipping + "/decisions").then().statusCode(200)
                .body("flagged", equalTo(false)).body("decision.rulesetVersion", equalTo(after));
    }
}
