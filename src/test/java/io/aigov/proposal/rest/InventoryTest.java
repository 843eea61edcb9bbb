package io.aigov.proposal.rest;

import static io.aigov.support.TestUsers.as;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;

import io.aigov.ruleset.rest.WritableRulesFolder;
import io.aigov.evaluation.service.DecisionClock;
import io.aigov.support.AuditTable;
import io.aigov.support.TestUsers;
import io.aigov.support.UseCaseBodies;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The inventory: an approved use case goes into production and out of use at its owner's word, and
 * a ruleset version that decides it differently puts it under reassessment for the board; every step
 * is a record of the audit chain.
 */
@QuarkusTest
@TestProfile(WritableRulesFolder.class)
class InventoryTest {

    private static final String TIPPING = UseCaseBodies.tipping("Inventory tipping case");
    private static final String STEADY = UseCaseBodies.STEADY.replace("Steady case", "Inventory steady case");
    private static final String NO_SUCH_USE_CASE = "00000000-0000-4000-8000-000000000000";

    @Inject
    AuditTable tables;

    /** Set by a test that changes the rules: only then are they put back, and every use case decided again on them. */
    private boolean rulesChanged;

    @AfterEach
    void restoreTheFolder() throws InterruptedException {
        if (rulesChanged) {
            WritableRulesFolder.restore();
            as(TestUsers.RULE_AUTHOR).post("/api/rules/reload").then().statusCode(200);
            tables.awaitProposalsFollowed();
        }
    }

    @Test
    void theOwnerAloneDeclaresAnApprovedUseCaseInProductionAndRetiresItAndEveryStepIsInTheAuditChain() {
        String id = approved(STEADY);
        String note = "{\"note\": \"Live for the EU help desk since Monday.\"}";

        as(TestUsers.OTHER_SUBMITTER).contentType(ContentType.JSON).body(note).post("/api/inventory/" + id + "/production").then()
                .statusCode(403).contentType("application/problem+json").body("detail", containsString("owns the use case"));
        as(TestUsers.BOARD).contentType(ContentType.JSON).body(note).post("/api/inventory/" + id + "/production").then().statusCode(403);
        as(TestUsers.SUBMITTER).contentType(ContentType.JSON).body(note).post("/api/inventory/" + id + "/production").then()
                .statusCode(200).body("state", equalTo("IN_PRODUCTION")).body("allowedTransitions", contains("UNDER_REASSESSMENT", "RETIRED"));
        as(TestUsers.SUBMITTER).contentType(ContentType.JSON).body(note).post("/api/inventory/" + id + "/production").then()
                .statusCode(409).body("state", equalTo("IN_PRODUCTION"));
        as(TestUsers.SUBMITTER).contentType(ContentType.JSON).body("{\"note\": \"Replaced by the new assistant.\"}")
                .post("/api/inventory/" + id + "/retirement").then().statusCode(200).body("state", equalTo("RETIRED"))
                .body("allowedTransitions", empty());
        as(TestUsers.SUBMITTER).contentType(ContentType.JSON).body("{}").post("/api/inventory/" + NO_SUCH_USE_CASE + "/retirement").then()
                .statusCode(404);

        List<Map<String, Object>> events = inventoryEvents(id);
        assertEquals(List.of("REGISTERED", "STATE_CHANGED", "STATE_CHANGED", "STATE_CHANGED", "STATE_CHANGED"),
                events.stream().map(event -> event.get("type")).toList(), "oldest first: " + events);
        assertEquals(List.of("SUBMITTED", "UNDER_REVIEW", "APPROVED", "IN_PRODUCTION", "RETIRED"),
                events.stream().map(event -> details(event).get("to")).toList());
        assertEquals("Live for the EU help desk since Monday.", details(events.get(3)).get("note"));
    }

    @Test
    void aRuleChangePutsTheUseCaseItDecidesDifferentlyUnderReassessmentAndRecordsTheUnchangedOnesAsUnchanged()
            throws InterruptedException {
        String tipping = approved(TIPPING);
        String steady = approved(STEADY);
        as(TestUsers.SUBMITTER).contentType(ContentType.JSON).body("{}").post("/api/inventory/" + tipping + "/production").then()
                .statusCode(200);
        String firstEvaluation = as(TestUsers.BOARD).get("/api/proposals/" + tipping).then().extract().path("latestEvaluation.id");

        rulesChanged = true;
        as(TestUsers.RULE_AUTHOR).contentType(ContentType.TEXT).body(WritableRulesFolder.read("thresholds.properties")
                .replace("volume.fineTuning.min = 50000", "volume.fineTuning.min = 40000"))
                .put("/api/rules/files/thresholds.properties").then().statusCode(200);
        tables.awaitProposalsFollowed();

        JsonPath reassessed = as(TestUsers.BOARD).get("/api/proposals/" + tipping).then().statusCode(200)
                .body("state", equalTo("UNDER_REASSESSMENT"))
                .body("flagReason", containsString("approach PROMPTING -> FINE_TUNING"))
                .body("evaluations.reason", contains("SUBMITTED", "RULESET_CHANGED"))
                .body("allowedTransitions", hasItems("APPROVED", "REJECTED"))
                .extract().jsonPath();
        Map<String, Object> redecided = details(last(inventoryEvents(tipping), "REASSESSED"));
        assertEquals("CHANGED", redecided.get("outcome"));
        assertEquals(firstEvaluation, redecided.get("previousEvaluation"));
        assertEquals(reassessed.getString("latestEvaluation.id"), redecided.get("evaluation"));
        assertTrue(((List<?>) redecided.get("changes")).contains("approach PROMPTING -> FINE_TUNING"), redecided.toString());
        assertEquals("UNDER_REASSESSMENT", details(last(inventoryEvents(tipping), "STATE_CHANGED")).get("to"));
        as(TestUsers.BOARD).get("/api/proposals/queue?limit=1000").then().body("id", hasItem(tipping));
        as(TestUsers.COMPLIANCE).get("/api/inventory?state=UNDER_REASSESSMENT&size=100").then().statusCode(200)
                .body("items.id", hasItem(tipping)).body("items.id", not(hasItem(steady)))
                .body("counts.UNDER_REASSESSMENT", greaterThanOrEqualTo(1));

        as(TestUsers.BOARD).get("/api/proposals/" + steady).then().body("state", equalTo("APPROVED"))
                .body("evaluations.reason", contains("SUBMITTED", "RULESET_CHANGED"));
        Map<String, Object> unchanged = details(last(inventoryEvents(steady), "REASSESSED"));
        assertEquals("UNCHANGED", unchanged.get("outcome"));
        assertEquals(List.of(), unchanged.get("changes"));

        // Only the board closes a reassessment; approved again, the use case returns to production.
        as(TestUsers.SUBMITTER).contentType(ContentType.JSON).body("{}").post("/api/inventory/" + tipping + "/retirement").then()
                .statusCode(409);
        as(TestUsers.BOARD).contentType(ContentType.JSON)
                .body("{\"decision\": \"APPROVED\", \"rationale\": \"Fine-tuning is right at this volume.\", \"evaluationId\": \""
                        + reassessed.getString("latestEvaluation.id") + "\"}")
                .post("/api/proposals/" + tipping + "/decisions").then().statusCode(200)
                .body("state", equalTo("IN_PRODUCTION")).body("flagged", equalTo(false));
    }

    /**
     * The rules compare the day of a decision with the day the Digital Omnibus prohibits
     * non-consensual intimate imagery. Approved long before it, such a use case lists the change
     * once the date is within the horizon, and is decided again, once, the day after it came; a use
     * case the date does not concern is neither listed nor decided again.
     */
    @Test
    void aDateTheRulesCompareWithIsListedAsUpcomingAheadAndDecidesTheUseCasesItConcernsAgainOnce() throws IOException {
        Properties thresholds = new Properties();
        thresholds.load(new StringReader(WritableRulesFolder.read("thresholds.properties")));
        LocalDate prohibitedFrom = LocalDate.parse(thresholds.getProperty("euAiAct.intimateImagery.date"));
        clockAt(prohibitedFrom.minusDays(100));
        String imagery = approved(UseCaseBodies.intimateImagery("Dated imagery case"));
        String steady = approved(STEADY.replace("Inventory steady case", "Dated steady case"));
        as(TestUsers.BOARD).get("/api/proposals/" + imagery).then().statusCode(200).body("upcoming", empty())
                .body("latestEvaluation.verdict", equalTo("BOARD_REVIEW"));

        clockAt(prohibitedFrom.minusDays(1));
        as(TestUsers.ADMIN).post("/api/inventory/reassessments").then().statusCode(200)
                .body("day", equalTo(prohibitedFrom.minusDays(1).toString())).body("redecided", equalTo(0))
                .body("upcomingRefreshed", greaterThanOrEqualTo(2));
        as(TestUsers.BOARD).get("/api/proposals/" + imagery).then().statusCode(200)
                .body("state", equalTo("APPROVED"))
                .body("upcomingAsOf", equalTo(prohibitedFrom.minusDays(1).toString()))
                .body("upcoming.date", contains(prohibitedFrom.toString()))
                .body("upcoming[0].thresholds", contains("euAiAct.intimateImagery.date"))
                .body("upcoming[0].changes", hasItems("verdict BOARD_REVIEW -> PROHIBITED", "EU_AI_ACT HIGH -> PROHIBITED"));
        as(TestUsers.BOARD).get("/api/proposals/" + steady).then().body("upcoming", empty());
        Map<String, Object> told = details(last(inventoryEvents(imagery), "UPCOMING"));
        assertEquals(prohibitedFrom.toString(), told.get("date"));
        as(TestUsers.ADMIN).get("/api/notifications?size=500").then().statusCode(200)
                .body("findAll { it.useCaseId == '" + imagery + "' && it.notice == 'UPCOMING' }.channel", hasItem("WEBHOOK"));
        as(TestUsers.COMPLIANCE).get("/api/inventory?upcomingWithinDays=1&size=100").then().statusCode(200)
                .body("items.id", hasItem(imagery)).body("items.id", not(hasItem(steady)))
                .body("items.find { it.id == '" + imagery + "' }.upcoming[0].date", equalTo(prohibitedFrom.toString()));
        as(TestUsers.COMPLIANCE).get("/api/inventory?upcomingWithinDays=0&size=100").then().statusCode(200)
                .body("items.id", not(hasItem(imagery)));

        clockAt(prohibitedFrom.plusDays(1));
        as(TestUsers.ADMIN).post("/api/inventory/reassessments").then().statusCode(200).body("redecided", greaterThanOrEqualTo(1))
                .body("changed", greaterThanOrEqualTo(1));
        as(TestUsers.ADMIN).post("/api/inventory/reassessments").then().statusCode(200).body("redecided", equalTo(0));
        as(TestUsers.BOARD).get("/api/proposals/" + imagery).then().statusCode(200)
                .body("state", equalTo("UNDER_REASSESSMENT"))
                .body("evaluations.reason", contains("SUBMITTED", "DATE_REACHED"))
                .body("latestEvaluation.verdict", equalTo("PROHIBITED"))
                .body("flagReason", containsString("euAiAct.intimateImagery.date " + prohibitedFrom))
                .body("upcoming", empty());
        List<Map<String, Object>> redecisions = inventoryEvents(imagery).stream().filter(event -> "REASSESSED".equals(event.get("type"))).toList();
        assertEquals(1, redecisions.size(), redecisions.toString());
        assertEquals("DATE", details(redecisions.get(0)).get("trigger"));
        assertEquals("CHANGED", details(redecisions.get(0)).get("outcome"));
        as(TestUsers.BOARD).get("/api/proposals/" + steady).then().body("state", equalTo("APPROVED"))
                .body("evaluations.reason", contains("SUBMITTED"));
        as(TestUsers.COMPLIANCE).get("/api/inventory?reassessmentDue=true&size=100").then().statusCode(200)
                .body("items.id", hasItem(imagery)).body("items.id", not(hasItem(steady)));
        as(TestUsers.BOARD).post("/api/inventory/reassessments").then().statusCode(403);
    }

    private static void clockAt(LocalDate day) {
        QuarkusMock.installMockForType(new DecisionClock(Clock.fixed(day.atTime(12, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC)),
                DecisionClock.class);
    }

    @Test
    void theInventoryFiltersByStateRegimeAndLevelAndNamesAParameterItCannotRead() {
        String highRisk = ProposalWorkflowTest.submit(TestUsers.SUBMITTER, ProposalWorkflowTest.HIGH_RISK_USE_CASE);
        as(TestUsers.BOARD).get("/api/inventory?regime=EU_AI_ACT&level=HIGH&size=100").then().statusCode(200)
                .body("items.id", hasItem(highRisk))
                .body("items.find { it.id == '" + highRisk + "' }.state", equalTo("SUBMITTED"))
                .body("items.find { it.id == '" + highRisk + "' }.exposures.regime", hasItem("EU_AI_ACT"));
        as(TestUsers.BOARD).get("/api/inventory?regime=EU_AI_ACT&level=MINIMAL&size=100").then().statusCode(200)
                .body("items.id", not(hasItem(highRisk)));
        as(TestUsers.BOARD).get("/api/inventory?state=RETIRED&size=100").then().statusCode(200).body("items.id", not(hasItem(highRisk)));
        as(TestUsers.BOARD).get("/api/inventory?level=SEVERE").then().statusCode(400).contentType("application/problem+json")
                .body(containsString("level"));
        as(TestUsers.BOARD).get("/api/inventory?upcomingWithinDays=soon").then().statusCode(400).contentType("application/problem+json")
                .body(containsString("upcomingWithinDays"));
        as(TestUsers.BOARD).get("/api/inventory?reassessmentDue=maybe").then().statusCode(400).contentType("application/problem+json")
                .body(containsString("reassessmentDue"));
        as(TestUsers.RULE_AUTHOR).get("/api/inventory").then().statusCode(403);
    }

    @Test
    void theInventoryExportsAsCsvWithCellsASpreadsheetWouldRunAsFormulasDefused() throws IOException {
        String id = ProposalWorkflowTest.submit(TestUsers.SUBMITTER, UseCaseBodies.tipping("=1+1 intake"));
        String csv = as(TestUsers.COMPLIANCE).get("/api/inventory/export?state=SUBMITTED").then().statusCode(200)
                .contentType(startsWith("text/csv")).header("Content-Disposition", containsString("inventory.csv")).extract().asString();
        assertTrue(csv.startsWith("\uFEFFid,title,business_owner,owner,state,approach,verdict,exposures,ruleset_version,flag_reason,upcoming,updated_at\r\n"),
                csv.lines().findFirst().orElse(""));
        List<String> row = rows(csv).stream().filter(cells -> cells.get(0).equals(id)).findFirst().orElseThrow(() -> new AssertionError(csv));
        assertEquals(List.of("'=1+1 intake", "head-of-credit", TestUsers.SUBMITTER, "SUBMITTED"), row.subList(1, 5));
        as(TestUsers.COMPLIANCE).get("/api/inventory/export?state=RETIRED").then().statusCode(200)
                .body(not(containsString(id)));
        as(TestUsers.COMPLIANCE).get("/api/inventory/export?state=GONE").then().statusCode(400).contentType("application/problem+json");
    }

    /** The CSV's rows, header first, as a spreadsheet reads them. */
    private static List<List<String>> rows(String csv) throws IOException {
        try (MappingIterator<List<String>> rows = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY).readerFor(List.class)
                .readValues(csv.substring(1))) {
            return rows.readAll();
        }
    }

    /** Submitted, reviewed and approved by the board. */
    private static String approved(String useCase) {
        String id = ProposalWorkflowTest.submit(TestUsers.SUBMITTER, useCase);
        ProposalWorkflowTest.review(id);
        as(TestUsers.BOARD).contentType(ContentType.JSON).body("{\"decision\": \"APPROVED\", \"rationale\": \"Fits the policy.\"}")
                .post("/api/proposals/" + id + "/decisions").then().statusCode(200).body("state", equalTo("APPROVED"));
        return id;
    }

    /** The use case's records of the audit chain, oldest first. */
    private static List<Map<String, Object>> inventoryEvents(String id) {
        List<Map<String, Object>> events = as(TestUsers.COMPLIANCE).queryParam("kind", "INVENTORY_EVENT").queryParam("size", 100)
                .get("/api/audit").then().statusCode(200).extract().jsonPath().getList("items.event");
        List<Map<String, Object>> ofUseCase = new ArrayList<>(events.stream().filter(event -> id.equals(details(event).get("useCase"))).toList());
        Collections.reverse(ofUseCase);
        return ofUseCase;
    }

    private static Map<String, Object> last(List<Map<String, Object>> events, String type) {
        return events.stream().filter(event -> type.equals(event.get("type"))).reduce((first, second) -> second).orElseThrow(
                () -> new AssertionError("no " + type + " among " + events));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> details(Map<String, Object> event) {
        return (Map<String, Object>) event.get("details");
    }
}
