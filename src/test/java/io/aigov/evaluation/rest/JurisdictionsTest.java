package io.aigov.evaluation.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import io.aigov.support.AuditTable;

/**
 * Where a use case is, and what it does, are the codes the active rules declare: a request names
 * jurisdictions and capabilities the rules know, or is refused naming the field; euExposure, which
 * clients sent before there were jurisdictions, still means the EU. The audit is searched by the
 * regimes rules declare or declared.
 */
@QuarkusTest
class JurisdictionsTest {

    private static final String CREDIT_SCORING = """
            {"name": "Loan scoring", "dailyRequestVolume": 20000, "consistency": "STRICT", "labeledExamples": 2000,
             "stableMonths": 6, "timeToProductionWeeks": 6, "latencyBudgetMs": 500, "vocabulary": "STANDARD",
             "domain": "CREDIT_SCORING", "influencesDecisionsAboutPeople": true, %s}
            """;

    @Inject
    AuditTable auditTable;

    @Test
    void euExposureAndTheEuAmongTheJurisdictionsAreOneAndTheSame() {
        Response byFlag = post(CREDIT_SCORING.formatted("\"euExposure\": true"));
        Response byCode = post(CREDIT_SCORING.formatted("\"jurisdictions\": [\"EU\"]"));
        for (Response answer : new Response[] { byFlag, byCode }) {
            answer.then().statusCode(201).body("verdict", equalTo("BOARD_REVIEW"))
                    .body("exposures.find { it.regime == 'EU_AI_ACT' }.level", equalTo("HIGH"))
                    .body("input.euExposure", equalTo(true)).body("input.jurisdictions", contains("EU"));
        }
        assertEquals(byFlag.jsonPath().getList("exposures"), byCode.jsonPath().getList("exposures"));
        assertEquals(byFlag.jsonPath().getList("firedRules.name"), byCode.jsonPath().getList("firedRules.name"));

        post(CREDIT_SCORING.formatted("\"jurisdictions\": [\"US\"]")).then().statusCode(201).body("verdict", equalTo("ALLOWED"))
                .body("input.euExposure", equalTo(false)).body("input.jurisdictions", contains("US"));
    }

    @Test
    void aJurisdictionOrCapabilityTheRulesDoNotDeclareIsRefusedNamingTheField() {
        long before = auditTable.count();
        post(CREDIT_SCORING.formatted("\"jurisdictions\": [\"EU\", \"XX-NOWHERE\"], \"capabilities\": [\"MIND_READING\"]"))
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItems("jurisdictions", "capabilities"))
                .body("violations.find { it.field == 'jurisdictions' }.message", containsString("'XX-NOWHERE' is not declared"))
                .body("violations.find { it.field == 'capabilities' }.message", containsString("SOCIAL_SCORING"));
        assertEquals(before, auditTable.count(), "a refused request writes nothing");
    }

    @Test
    void theActiveRulesSayWhatTheyDeclare() {
        given().get("/api/rules").then().statusCode(200)
                .body("active.regimes.code", hasItems("EU_AI_ACT", "HIPAA", "SOX"))
                .body("active.regimes.find { it.code == 'HIPAA' }.levels", contains("HIGH"))
                .body("active.jurisdictions.code", hasItems("EU", "US"))
                .body("active.capabilities.code", hasItem("SOCIAL_SCORING"));
    }

    @Test
    void theAuditIsSearchedByAnyRegimesCode() {
        post(CREDIT_SCORING.formatted("\"euExposure\": true")).then().statusCode(201);
        given().queryParam("regime", "EU_AI_ACT").queryParam("level", "HIGH").get("/api/audit").then().statusCode(200)
                .body("items.exposures.flatten().regime", hasItem("EU_AI_ACT"));
        for (String unknown : new String[] { "A_REGIME_NO_RULE_DECLARES", "eu ai act" }) {
            given().queryParam("regime", unknown).get("/api/audit").then().statusCode(400)
                    .body("violations[0].field", equalTo("regime")).body("violations[0].message", allOf(containsString("EU_AI_ACT"), containsString("HIPAA"), containsString("SOX")));
        }
    }

    private static Response post(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/evaluations");
    }

    /** A pack's obligations have ids, which the answer names on the exposure they follow from; the rules list them. */
    @Test
    void anExposureNamesTheObligationsItsPackDeclares() {
        given().contentType(ContentType.JSON).body("""
                {"name": "NYC CV shortlisting", "dailyRequestVolume": 8000, "consistency": "MODERATE", "labeledExamples": 600,
                 "stableMonths": 6, "timeToProductionWeeks": 8, "latencyBudgetMs": 2500, "vocabulary": "STANDARD",
                 "domain": "EMPLOYMENT", "jurisdictions": ["US-NYC"], "influencesDecisionsAboutPeople": true}
                """).post("/api/evaluations").then().statusCode(201)
                .body("exposures.find { it.regime == 'NYC_LL144' }.obligationIds",
                        contains("nyc-ll144.bias-audit", "nyc-ll144.public-summary", "nyc-ll144.notice"));
        given().get("/api/rules").then().statusCode(200)
                .body("active.obligations.find { it.id == 'nyc-ll144.bias-audit' }.recurrenceMonths", equalTo(12))
                .body("active.obligations.find { it.id == 'nyc-ll144.bias-audit' }.appliesFromDate", equalTo("2023-07-05"))
                .body("active.obligations.find { it.id == 'nyc-ll144.bias-audit' }.evidence", hasItems("DOCUMENT", "ATTESTATION"));
    }
}
