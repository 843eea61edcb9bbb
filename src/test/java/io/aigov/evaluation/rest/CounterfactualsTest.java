package io.aigov.evaluation.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import io.aigov.support.AuditTable;

/** Every answer says what would change it, the audit record keeps it, and each change, posted again, gets its outcome. */
@QuarkusTest
class CounterfactualsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HIRING_IN_THE_EU = """
            {"name": "CV shortlisting", "domain": "EMPLOYMENT", "dailyRequestVolume": 8000, "consistency": "MODERATE",
             "labeledExamples": 600, "stableMonths": 6, "timeToProductionWeeks": 8, "latencyBudgetMs": 2500,
             "vocabulary": "STANDARD", "jurisdictions": ["EU"], "influencesDecisionsAboutPeople": true}
            """;

    @Inject
    AuditTable auditTable;

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
}
