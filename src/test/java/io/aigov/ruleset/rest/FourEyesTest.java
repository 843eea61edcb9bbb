package io.aigov.ruleset.rest;

import static io.aigov.support.TestUsers.as;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.aigov.support.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** A rule change serves only after a second person approved it; an administrator's emergency path is recorded and shown. */
@QuarkusTest
@TestProfile(FourEyesRulesFolder.class)
class FourEyesTest {

    /** A tie between the factors (prompting wins it) that a volume threshold of 40,000 tips to fine-tuning. */
    private static final String TIPPING = """
            {"name": "Tipping case", "dailyRequestVolume": 45000, "consistency": "STRICT", "labeledExamples": 400,
             "stableMonths": 2, "timeToProductionWeeks": 4, "latencyBudgetMs": 150, "vocabulary": "STANDARD"}""";

    /** The version serving before the first test; each test leaves it serving again. */
    private static String original;

    @BeforeEach
    void noteTheServingVersion() {
        if (original == null) {
            original = servingVersion();
        }
    }

    @AfterEach
    void restoreTheFolderAndItsVersion() {
        FourEyesRulesFolder.restore(original);
        assertEquals(original, servingVersion());
    }

    private static String approach() {
        return as(TestUsers.SUBMITTER).contentType(ContentType.JSON).body(TIPPING).post("/api/evaluations")
                .then().statusCode(201).extract().path("approach");
    }

    private static String servingVersion() {
        return FourEyesRulesFolder.servingVersion();
    }

    private static String lowerVolumeThreshold() {
        return WritableRulesFolder.read("thresholds.properties").replace("volume.fineTuning.min = 50000", "volume.fineTuning.min = 40000");
    }

    @Test
    void anUploadWaitsForASecondPersonAndTheAuthorCannotApproveIt() {
        String before = servingVersion();
        String shippedThresholds = WritableRulesFolder.read("thresholds.properties");
        JsonPath proposed = as(TestUsers.RULE_AUTHOR).contentType(ContentType.TEXT).body(lowerVolumeThreshold())
                .put("/api/rules/files/thresholds.properties").then().statusCode(202)
                .body("outcome", equalTo("PENDING_APPROVAL"))
                .body("change.status", equalTo("PENDING"))
                .body("change.proposedBy", equalTo(TestUsers.RULE_AUTHOR))
                .body("change.baseVersion", equalTo(before))
                .body("change.report.goldenCases", not(empty()))
                .body("change.impact.replayed", greaterThanOrEqualTo(0))
                .extract().jsonPath();
        String change = proposed.getString("change.id");
        assertEquals(before, servingVersion(), "a pending change does not serve");
        assertEquals("PROMPTING", approach());
        assertFalse(WritableRulesFolder.read("thresholds.properties").contains("= 40000"), "nothing written before approval");
        as(TestUsers.RULE_AUTHOR).get("/api/rules").then().body("pendingChanges", greaterThanOrEqualTo(1)).body("approvalRequired", equalTo(true));

        as(TestUsers.RULE_AUTHOR).contentType(ContentType.JSON).body("{}").post("/api/rules/changes/" + change + "/approve")
                .then().statusCode(403).contentType("application/problem+json").body("detail", containsString("Four eyes"));
        for (String refused : new String[] {TestUsers.COMPLIANCE, TestUsers.SUBMITTER, TestUsers.ADMIN}) {
            as(refused).contentType(ContentType.JSON).body("{}").post("/api/rules/changes/" + change + "/approve").then().statusCode(403);
        }
        assertEquals(before, servingVersion());

        as(TestUsers.BOARD).contentType(ContentType.JSON).body("{\"note\": \"Checked the impact list.\"}")
                .post("/api/rules/changes/" + change + "/approve").then().statusCode(200)
                .body("status", equalTo("ACTIVATED")).body("decidedBy", equalTo(TestUsers.BOARD)).body("emergency", equalTo(false));
        assertEquals(proposed.getString("change.candidateVersion"), servingVersion());
        assertEquals("FINE_TUNING", approach());
        assertTrue(WritableRulesFolder.read("thresholds.properties").contains("volume.fineTuning.min = 40000"), "written once approved");
        as(TestUsers.COMPLIANCE).get("/api/rules/events?limit=20").then()
                .body("find { it.kind == 'CHANGE_APPROVED' }.actor", equalTo(TestUsers.BOARD))
                .body("find { it.kind == 'CHANGE_PROPOSED' }.actor", equalTo(TestUsers.RULE_AUTHOR));
        as(TestUsers.BOARD).contentType(ContentType.JSON).body("{}").post("/api/rules/changes/" + change + "/approve")
                .then().statusCode(409).body("changeStatus", equalTo("ACTIVATED"));

        // Going back is a rollback to rules that served: checked, and the decisions since replayed, in the service.
        as(TestUsers.RULE_AUTHOR).contentType(ContentType.TEXT).body(shippedThresholds)
                .put("/api/rules/files/thresholds.properties").then().statusCode(202)
                .body("change.candidateVersion", equalTo(before))
                .body("change.status", equalTo("PENDING"))
                .body("change.report.isolation", startsWith("none needed"))
                .body("change.impact.changed", greaterThanOrEqualTo(1));
    }

    @Test
    void aFolderEditWaitsForApprovalLikeAnUpload() throws Exception {
        String before = servingVersion();
        WritableRulesFolder.write("thresholds.properties", lowerVolumeThreshold());
        String change = awaitPendingFolderChange();
        assertEquals(before, servingVersion(), "the saved edit does not serve before approval");
        as(TestUsers.OTHER_RULE_AUTHOR).contentType(ContentType.JSON).body("{\"note\": \"Not this quarter.\"}")
                .post("/api/rules/changes/" + change + "/reject").then().statusCode(200).body("status", equalTo("REJECTED"));
        assertEquals(before, servingVersion());
    }

    @Test
    void anAdministratorCanActivateAloneInAnEmergencyAndEveryoneSeesIt() {
        String change = as(TestUsers.RULE_AUTHOR).contentType(ContentType.TEXT).body(lowerVolumeThreshold())
                .put("/api/rules/files/thresholds.properties").then().statusCode(202).extract().path("change.id");
        as(TestUsers.ADMIN).contentType(ContentType.JSON).body("{}").post("/api/rules/changes/" + change + "/emergency-activation")
                .then().statusCode(400).body("violations.field", hasItem("reason"));
        as(TestUsers.RULE_AUTHOR).contentType(ContentType.JSON).body("{\"reason\": \"urgent\"}")
                .post("/api/rules/changes/" + change + "/emergency-activation").then().statusCode(403);
        as(TestUsers.ADMIN).contentType(ContentType.JSON).body("{\"reason\": \"Regulator deadline tonight; board approval follows.\"}")
                .post("/api/rules/changes/" + change + "/emergency-activation").then().statusCode(200)
                .body("status", equalTo("ACTIVATED")).body("emergency", equalTo(true)).body("decidedBy", equalTo(TestUsers.ADMIN));
        assertEquals("FINE_TUNING", approach());
        as(TestUsers.BOARD).get("/api/rules").then()
                .body("lastEmergencyActivation.actor", equalTo(TestUsers.ADMIN))
                .body("lastEmergencyActivation.details.note", containsString("Regulator deadline"));
    }

    @Test
    void aChangeProposedOnAnOlderVersionIsRefusedOnceAnotherServes() {
        String first = as(TestUsers.RULE_AUTHOR).contentType(ContentType.TEXT).body(lowerVolumeThreshold())
                .put("/api/rules/files/thresholds.properties").then().statusCode(202).extract().path("change.id");
        String second = as(TestUsers.OTHER_RULE_AUTHOR).contentType(ContentType.TEXT)
                .body(WritableRulesFolder.read("thresholds.properties").replace("volume.fineTuning.min = 50000", "volume.fineTuning.min = 45000"))
                .put("/api/rules/files/thresholds.properties").then().statusCode(202).extract().path("change.id");
        as(TestUsers.OTHER_RULE_AUTHOR).contentType(ContentType.JSON).body("{}").post("/api/rules/changes/" + first + "/approve")
                .then().statusCode(200);
        as(TestUsers.RULE_AUTHOR).get("/api/rules/changes/" + second).then().body("status", equalTo("SUPERSEDED"))
                .body("decisionNote", containsString("based on version " + original)).body("decidedBy", nullValue());
        as(TestUsers.RULE_AUTHOR).get("/api/rules/changes?status=SUPERSEDED").then().body("id", hasItem(second));
        as(TestUsers.RULE_AUTHOR).contentType(ContentType.JSON).body("{}").post("/api/rules/changes/" + second + "/approve")
                .then().statusCode(409).body("changeStatus", equalTo("SUPERSEDED")).body("detail", containsString("propose it again"));
        as(TestUsers.COMPLIANCE).get("/api/rules/events?limit=20").then()
                .body("find { it.kind == 'CHANGE_SUPERSEDED' }.details.change", equalTo(second));
    }

    @Test
    void aFolderEditThatIsRevertedIsSupersededAndCannotBeApproved() throws Exception {
        String saved = WritableRulesFolder.read("thresholds.properties");
        WritableRulesFolder.write("thresholds.properties", lowerVolumeThreshold());
        String change = awaitPendingFolderChange();
        WritableRulesFolder.write("thresholds.properties", saved);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!"SUPERSEDED".equals(as(TestUsers.RULE_AUTHOR).get("/api/rules/changes/" + change).path("status"))
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        as(TestUsers.RULE_AUTHOR).get("/api/rules/changes/" + change).then().body("status", equalTo("SUPERSEDED"))
                .body("decisionNote", containsString("no longer what the folder holds"));
        as(TestUsers.OTHER_RULE_AUTHOR).contentType(ContentType.JSON).body("{}").post("/api/rules/changes/" + change + "/approve")
                .then().statusCode(409).body("changeStatus", equalTo("SUPERSEDED"));
        assertEquals(original, servingVersion(), "nothing that left the folder serves");
        as(TestUsers.RULE_AUTHOR).get("/api/rules").then().body("pendingChanges", equalTo(0));
    }

    private static String awaitPendingFolderChange() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            String change = as(TestUsers.RULE_AUTHOR).get("/api/rules/changes?status=PENDING").jsonPath()
                    .getString("find { it.source == 'FOLDER' }.id");
            if (change != null) {
                return change;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the saved edit did not become a pending change within 10 s");
    }
}
