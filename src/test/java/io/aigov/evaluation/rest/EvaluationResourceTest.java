package io.aigov.evaluation.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

import io.aigov.audit.AuditPage;
import io.aigov.decision.ruleset.RulesetSource;
import io.aigov.decision.ruleset.RulesetVersion;
import io.aigov.support.AuditTable;
import io.aigov.support.TestUsers;

@QuarkusTest
class EvaluationResourceTest {

    static final String LEGAL_REVIEW = """
            {"name": "Contract clause review", "description": "Flags non-standard clauses.", "domain": "LEGAL",
             "dailyRequestVolume": 80000, "consistency": "STRICT", "labeledExamples": 3000, "stableMonths": 12,
             "timeToProductionWeeks": 8, "latencyBudgetMs": 800, "vocabulary": "PROPRIETARY"}
            """;

    @Inject
    AuditTable auditTable;

    @Test
    void anEvaluationIsAnsweredWithItsDecisionAndAuditedOnce() {
        long before = auditTable.count();

        Response response = post(LEGAL_REVIEW);

        response.then().statusCode(201)
                .contentType(ContentType.JSON)
                .header("Location", matchesPattern(".*/api/evaluations/[0-9a-f-]{36}$"))
                .body("approach", equalTo("FINE_TUNING"))
                .body("ragRecommended", equalTo(false))
                .body("verdict", equalTo("ALLOWED"))
                .body("scores.fineTuning", equalTo(6.0f))
                .body("scores.prompting", equalTo(1.0f))
                .body("exposures", empty())
                .body("firedRules.name", hasItems("volume-favours-fine-tuning", "approach-fine-tuning-by-score", "verdict-allowed"))
                .body("firedRules.file", everyItem(endsWith(".drl")))
                .body("firedRules.reason", everyItem(not(emptyOrNullString())))
                .body("warnings", hasSize(greaterThan(0)))
                .body("rulesetVersion", equalTo(RulesetVersion.of(RulesetSource.fromDirectory(Path.of("rules")))))
                .body("evaluatedAt", matchesPattern("\\d{4}-\\d\\d-\\d\\dT.*Z"));
        String id = response.path("id");
        assertEquals(response.header("Location"), response.header("Location").replaceAll("[0-9a-f-]{36}$", id));
        assertEquals(before + 1, auditTable.count());
        assertEquals("FINE_TUNING", auditTable.column("approach", id));
        assertEquals(response.path("rulesetVersion"), auditTable.column("ruleset_version", id));
        assertEquals(TestUsers.TESTER, auditTable.column("requested_by", id), "the signed-in user asked");
    }

    @Test
    void theInputIsEchoedAsUnderstoodWithDefaultsFilledIn() {
        post(LEGAL_REVIEW).then().statusCode(201)
                .body("input.name", equalTo("Contract clause review"))
                .body("input.dailyRequestVolume", equalTo(80000))
                .body("input.needsCurrentKnowledge", equalTo(false))
                .body("input.agentic", equalTo(false))
                .body("input.euExposure", equalTo(false))
                .body("input.influencesDecisionsAboutPeople", equalTo(false))
                .body("input.profilesPeople", equalTo(false))
                .body("input.processesPhi", equalTo(false))
                .body("input.affectsFinancialReporting", equalTo(false))
                .body("input.capabilities", empty())
                .body("input.domain", equalTo("LEGAL"));
        post(LEGAL_REVIEW.replace("\"domain\": \"LEGAL\",", "")).then().statusCode(201).body("input.domain", equalTo("GENERAL"));
    }

    @Test
    void exposuresCiteTheRegulation() {
        String recruitment = """
                {"name": "CV shortlisting", "domain": "EMPLOYMENT", "euExposure": true, "influencesDecisionsAboutPeople": true,
                 "dailyRequestVolume": 8000, "consistency": "MODERATE", "labeledExamples": 600, "stableMonths": 6,
                 "timeToProductionWeeks": 8, "latencyBudgetMs": 2500, "vocabulary": "STANDARD",
                 "processesPhi": true, "capabilities": ["CONVERSES_WITH_PEOPLE"]}
                """;
        post(recruitment).then().statusCode(201)
                .body("verdict", equalTo("BOARD_REVIEW"))
                .body("exposures.find { it.regime == 'EU_AI_ACT' }.level", equalTo("HIGH"))
                .body("exposures.find { it.regime == 'EU_AI_ACT' }.obligations", hasItems(startsWith("Art. 14"), startsWith("Art. 50(1)")))
                .body("exposures.find { it.regime == 'HIPAA' }.level", equalTo("HIGH"))
                .body("exposures.find { it.regime == 'HIPAA' }.obligations", hasItem(containsString("45 CFR 164.312(b)")));
    }

    @Test
    void aProhibitedPracticeGivesAProhibitedVerdict() {
        String socialScoring = LEGAL_REVIEW.replace("\"domain\": \"LEGAL\",",
                "\"domain\": \"PUBLIC_SERVICES\", \"euExposure\": true, \"capabilities\": [\"SOCIAL_SCORING\"],");
        post(socialScoring).then().statusCode(201)
                .body("verdict", equalTo("PROHIBITED"))
                .body("exposures[0].level", equalTo("PROHIBITED"))
                .body("exposures[0].obligations", hasItem(startsWith("Art. 5(1)(c)")))
                .body("firedRules.name", hasItem("eu-ai-act-prohibited-social-scoring"));
    }

    @Test
    void readingAnEvaluationGivesTheSameBodyFromTheAuditLog() {
        Response created = post(LEGAL_REVIEW);
        Map<String, Object> answered = created.then().statusCode(201).extract().jsonPath().getMap("$");

        Map<String, Object> read = given().when().get(created.header("Location"))
                .then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath().getMap("$");

        assertEquals(answered, read);
    }

    @Test
    void anUnknownIdIsNotFoundAndAMalformedOneIsABadRequest() {
        given().when().get("/api/evaluations/00000000-0000-4000-8000-000000000000")
                .then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("00000000-0000-4000-8000-000000000000"));
        given().when().get("/api/evaluations/not-a-uuid")
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations[0].field", equalTo("id"))
                .body("violations[0].in", equalTo("path"));
        given().when().get("/api/evaluations/1-1-1-1-1")
                .then().statusCode(400).body("violations[0].field", equalTo("id"));
    }

    @Test
    void theListIsNewestFirstWithATotal() {
        String first = post(LEGAL_REVIEW.replace("Contract clause review", "older")).path("id");
        String second = post(LEGAL_REVIEW.replace("Contract clause review", "newer")).path("id");
        long evaluations = auditTable.countOf("audit_log where kind = 'EVALUATION'");

        JsonPath page = given().queryParam("page", 0).queryParam("size", 2).when().get("/api/evaluations")
                .then().statusCode(200).extract().jsonPath();

        assertEquals(List.of(second, first), page.getList("items.id"));
        assertEquals(Math.min(evaluations, AuditPage.COUNT_LIMIT), page.getLong("total"), "counted up to the limit");
        assertEquals(evaluations <= AuditPage.COUNT_LIMIT, page.getBoolean("totalExact"));
        assertEquals(0, page.getInt("page"));
        assertEquals(2, page.getInt("size"));
        given().queryParam("page", 1).queryParam("size", 1).when().get("/api/evaluations")
                .then().statusCode(200).body("items[0].id", equalTo(first));
    }

    @Test
    void listParametersOutOfRangeAreNamed() {
        for (String[] bad : new String[][] { { "size", "0" }, { "size", "101" }, { "size", "ten" }, { "page", "-1" },
                { "page", "abc" } }) {
            given().queryParam(bad[0], bad[1]).when().get("/api/evaluations")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("violations[0].field", equalTo(bad[0]))
                    .body("violations[0].in", equalTo("query"));
        }
    }

    @Test
    void theReadinessCheckNamesTheActiveRulesetVersion() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'ruleset' }.data.version",
                        equalTo(RulesetVersion.of(RulesetSource.fromDirectory(Path.of("rules")))));
    }

    static Response post(String body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/api/evaluations");
    }
}
