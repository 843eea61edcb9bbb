package io.aigov.evaluation.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import io.aigov.audit.AuditLog;
import io.aigov.audit.AuditRecord;
import io.aigov.decision.explain.Counterfactuals;
import io.aigov.decision.explain.Counterfactuals.Counterfactual;
import io.aigov.evaluation.service.CounterfactualCompletion;
import io.aigov.support.AuditTable;
import io.aigov.support.Eventually;
import io.aigov.support.TestUsers;

/**
 * Every answer says what would change it, the audit record keeps it, and each change, posted again,
 * gets its outcome; an answer given without all of them is completed afterwards by a record of its
 * own, once, across replicas.
 */
@QuarkusTest
class CounterfactualsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Counterfactuals NOT_SEARCHED = new Counterfactuals(List.of(), List.of(), 0, false);
    private static final String HIRING_IN_THE_EU = """
            {"name": "CV shortlisting", "domain": "EMPLOYMENT", "dailyRequestVolume": 8000, "consistency": "MODERATE",
             "labeledExamples": 600, "stableMonths": 6, "timeToProductionWeeks": 8, "latencyBudgetMs": 2500,
             "vocabulary": "STANDARD", "jurisdictions": ["EU"], "influencesDecisionsAboutPeople": true}
            """;

    @Inject
    AuditTable auditTable;
    @Inject
    AuditLog auditLog;
    @Inject
    CounterfactualCompletion completion;
    @Inject
    DataSource dataSource;

    @Test
    void eachCounterfactualOfAnAnswerGetsItsOutcomeWhenItsInputIsPostedAndTheRecordKeepsThem() throws Exception {
        for (String body : new String[] { EvaluationResourceTest.LEGAL_REVIEW, HIRING_IN_THE_EU }) {
            JsonNode answer = JSON.readTree(EvaluationResourceTest.post(body).then().statusCode(201).extract().asString());
            JsonNode counterfactuals = answer.get("counterfactuals");
            assertTrue(counterfactuals.get("complete").asBoolean(), counterfactuals.toString());
            assertFalse(counterfactuals.get("approach").isEmpty(), "something changes the approach: " + counterfactuals);
            for (String target : new String[] { "approach", "verdict" }) {
                for (JsonNode counterfactual : counterfactuals.get(target)) {
                    assertNotEquals(answer.get(target).asText(), counterfactual.get("outcome").asText(), counterfactual.toString());
                    assertEquals(answer.get("input").get(counterfactual.get("field").asText()), counterfactual.get("was"));
                    ObjectNode changed = answer.get("input").deepCopy();
                    // The input as understood says the jurisdictions; euExposure would contradict a change of them.
                    changed.remove("euExposure");
                    changed.set(counterfactual.get("field").asText(), counterfactual.get("value"));
                    String outcome = given().contentType(ContentType.JSON).body(changed.toString()).post("/api/evaluations")
                            .then().statusCode(201).extract().path(target);
                    assertEquals(counterfactual.get("outcome").asText(), outcome, counterfactual.toString());
                }
            }

            String id = answer.get("id").asText();
            JsonNode read = JSON.readTree(given().get("/api/evaluations/" + id).then().statusCode(200).extract().asString());
            assertEquals(counterfactuals, read.get("counterfactuals"), "read again as answered");
            assertEquals(counterfactuals, JSON.readTree(auditTable.column("counterfactuals", id)), "the audit record keeps them");
        }
        JsonNode hiring = JSON.readTree(EvaluationResourceTest.post(HIRING_IN_THE_EU).then().extract().asString());
        assertEquals("BOARD_REVIEW", hiring.get("verdict").asText());
        assertTrue(hiring.at("/counterfactuals/verdict").findValuesAsText("field").contains("influencesDecisionsAboutPeople"),
                "without deciding about people, no high risk: " + hiring.get("counterfactuals"));

        given().get("/api/audit/verify").then().body("ok", equalTo(true));
    }

    @Test
    void anEvaluationAnsweredWithoutItsCounterfactualsIsCompletedAfterwardsInALinkedRecordOnce() throws Exception {
        JsonNode whole = JSON.readTree(EvaluationResourceTest.post(HIRING_IN_THE_EU).then().statusCode(201).extract().asString());
        AuditRecord answered = appendedWithoutCounterfactuals(UUID.fromString(whole.get("id").asText()));
        String id = answered.id.toString();

        completion.wake();
        Eventually.awaitTrue("the evaluation completed afterwards", Duration.ofSeconds(60), () -> given().get("/api/evaluations/" + id)
                .then().statusCode(200).extract().path("completedAfterwards") != null);

        JsonNode read = JSON.readTree(given().get("/api/evaluations/" + id).then().statusCode(200).extract().asString());
        assertEquals(JSON.valueToTree(NOT_SEARCHED), read.get("counterfactuals"), "the evaluation's record is as it was answered");
        assertEquals(whole.get("counterfactuals"), read.at("/completedAfterwards/counterfactuals"),
                "what a whole search finds on the same rules and day");
        String recordId = read.at("/completedAfterwards/recordId").asText();
        given().get("/api/audit/" + recordId).then().statusCode(200).body("kind", equalTo("COUNTERFACTUALS")).body("completes", equalTo(id))
                .body("counterfactuals.complete", equalTo(true));
        given().post("/api/evaluations/" + id + "/replay").then().statusCode(200).body("reproduced", equalTo(true));
        given().get("/api/audit/verify").then().body("ok", equalTo(true));
        String compliance = TestUsers.consoleSession(TestUsers.COMPLIANCE);
        given().auth().none().cookie("aigov-session", compliance).get("/console/audit/" + id).then().statusCode(200)
                .body(containsString("<a id=\"completion\" href=\"/console/audit/" + recordId + "\""));
        given().auth().none().cookie("aigov-session", compliance).get("/console/audit/" + recordId).then().statusCode(200)
                .body(containsString("<a id=\"completed-evaluation\" href=\"/console/audit/" + id + "\""));
        given().auth().none().cookie("aigov-session", TestUsers.consoleSession(TestUsers.SUBMITTER)).get("/console/evaluations/" + id)
                .then().statusCode(200).body(containsString("id=\"found-afterwards\""));

        List<UUID> searchedAgain = new ArrayList<>();
        auditLog.completeCounterfactuals(answered.seq - 1, 100, evaluation -> {
            searchedAgain.add(evaluation.id);
            return NOT_SEARCHED;
        });
        assertFalse(searchedAgain.contains(answered.id), "completed once: " + searchedAgain);
    }

    @Test
    void anEvaluationAnotherReplicaIsCompletingIsLeftToItAndCompletedOnceItLetsGo() throws Exception {
        JsonNode whole = JSON.readTree(EvaluationResourceTest.post(EvaluationResourceTest.LEGAL_REVIEW).then().statusCode(201).extract().asString());
        AuditRecord answered = appendedWithoutCounterfactuals(UUID.fromString(whole.get("id").asText()));
        Counterfactuals found = JSON.treeToValue(whole.get("counterfactuals"), Counterfactuals.class);
        List<UUID> searched = new ArrayList<>();

        try (Connection otherReplica = dataSource.getConnection()) {
            otherReplica.setAutoCommit(false);
            try (PreparedStatement lock = otherReplica.prepareStatement(
                    "select pg_advisory_xact_lock(hashtext('audit_log_counterfactuals'), hashtext(?::text))")) {
                lock.setObject(1, answered.id);
                lock.execute();
            }
            long through = auditLog.completeCounterfactuals(answered.seq - 1, 100, evaluation -> {
                searched.add(evaluation.id);
                return found;
            });
            assertTrue(through < answered.seq, "not past the evaluation the other replica holds");
            assertFalse(searched.contains(answered.id), "left to the replica completing it");
            otherReplica.rollback();
        }

        auditLog.completeCounterfactuals(answered.seq - 1, 100, evaluation -> found);
        assertTrue(auditLog.completionOf(answered).isPresent(), "completed once the other replica let go");
    }

    @Test
    void aReplayDecidesTheCompletedCounterfactualsAgain() throws Exception {
        JsonNode whole = JSON.readTree(EvaluationResourceTest.post(EvaluationResourceTest.LEGAL_REVIEW).then().statusCode(201).extract().asString());
        AuditRecord answered = appendedWithoutCounterfactuals(UUID.fromString(whole.get("id").asText()));
        Counterfactual found = JSON.treeToValue(whole.get("counterfactuals"), Counterfactuals.class).approach().get(0);
        // A change that changes nothing cannot give another approach: the replay must say so.
        Counterfactual untrue = new Counterfactual(found.field(), found.was(), found.was(), found.outcome(), "the same input, another approach");
        auditLog.completeCounterfactuals(answered.seq - 1, 100, evaluation -> new Counterfactuals(List.of(untrue), List.of(), 1, true));

        given().post("/api/evaluations/" + answered.id + "/replay").then().statusCode(200).body("reproduced", equalTo(false))
                .body("differences[0]", startsWith("completedAfterwards.counterfactuals.approach: the same input, another approach recorded"));
    }

    /** The evaluation again, recorded as one answered before a search turn came. */
    private AuditRecord appendedWithoutCounterfactuals(UUID evaluated) {
        AuditRecord evaluation = auditLog.findEvaluation(evaluated).orElseThrow();
        AuditRecord again = auditLog.evaluationRecord(Instant.now().truncatedTo(ChronoUnit.MICROS), "tester", evaluation.input,
                evaluation.outcome, NOT_SEARCHED);
        auditLog.append(again);
        return again;
    }
}
