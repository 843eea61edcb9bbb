package io.aigov.audit.rest;

import static io.aigov.support.Answers.expect;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.aigov.audit.AuditPage;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Compliance officers search the audit log by every filter, newest first. */
@QuarkusTest
class AuditSearchTest {

    private String marker;
    private Response legal;
    private Response recruitment;
    private Response socialScoring;

    @BeforeEach
    void evaluateThreeUseCases() {
        marker = "search-" + UUID.randomUUID();
        legal = evaluate("""
                {"name": "%s contract review", "description": "Flags clauses", "domain": "LEGAL", "dailyRequestVolume": 80000,
                 "consistency": "STRICT", "labeledExamples": 3000, "stableMonths": 12, "timeToProductionWeeks": 8,
                 "latencyBudgetMs": 800, "vocabulary": "PROPRIETARY"}""".formatted(marker));
        recruitment = evaluate("""
                {"name": "%s CV shortlisting", "description": "Ranks candidates by 100%%_match", "domain": "EMPLOYMENT",
                 "euExposure": true, "influencesDecisionsAboutPeople": true, "processesPhi": true, "dailyRequestVolume": 8000,
                 "consistency": "MODERATE", "labeledExamples": 600, "stableMonths": 6, "timeToProductionWeeks": 8,
                 "latencyBudgetMs": 2500, "vocabulary": "STANDARD"}""".formatted(marker));
        socialScoring = evaluate("""
                {"name": "%s citizen score", "domain": "PUBLIC_SERVICES", "euExposure": true, "capabilities": ["SOCIAL_SCORING"],
                 "dailyRequestVolume": 100000, "consistency": "STRICT", "labeledExamples": 50000, "stableMonths": 24,
                 "timeToProductionWeeks": 20, "latencyBudgetMs": 500, "vocabulary": "STANDARD"}""".formatted(marker));
    }

    @Test
    void withoutOtherFiltersEverythingMatchingIsListedNewestFirstWithItsFiredRules() {
        given().queryParam("q", marker).when().get("/api/audit").then().statusCode(200)
                .body("total", equalTo(3))
                .body("items.id", contains(id(socialScoring), id(recruitment), id(legal)))
                .body("items[0].name", equalTo(marker + " citizen score"))
                .body("items[0].verdict", equalTo("PROHIBITED"))
                .body("items[0].exposures[0].regime", equalTo("EU_AI_ACT"))
                .body("items[0].firedRules.name", hasItem("eu-ai-act-prohibited-social-scoring"))
                .body("items[0].firedRules[0].reason", not(emptyOrNullString()));
    }

    @Test
    void pastTheCountLimitTheTotalSaysSoInsteadOfCountingEverything() throws Exception {
        String many = "many-" + UUID.randomUUID();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<Integer>> posted = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            int share = c == 0 ? AuditPage.COUNT_LIMIT / 4 + 1 : AuditPage.COUNT_LIMIT / 4;
            posted.add(clients.submit(() -> {
                for (int i = 0; i < share; i++) {
                    evaluate("""
                            {"name": "%s", "dailyRequestVolume": 100, "consistency": "FLEXIBLE", "labeledExamples": 0, "stableMonths": 1,
                             "timeToProductionWeeks": 1, "latencyBudgetMs": 3000, "vocabulary": "STANDARD"}""".formatted(many));
                }
                return share;
            }));
        }
        int evaluated = 0;
        for (Future<Integer> client : posted) {
            evaluated += client.get();
        }
        clients.shutdown();
        assertEquals(AuditPage.COUNT_LIMIT + 1, evaluated);
        given().queryParam("q", many).queryParam("size", 5).get("/api/audit").then().statusCode(200)
                .body("total", equalTo(AuditPage.COUNT_LIMIT)).body("totalExact", equalTo(false)).body("items", hasSize(5));
        given().queryParam("q", marker).get("/api/audit").then().body("total", equalTo(3)).body("totalExact", equalTo(true));
    }

    @Test
    void eachFilterNarrowsTheResult() {
        assertEquals(List.of(id(recruitment)), ids(Map.of("verdict", "BOARD_REVIEW")));
        assertEquals(List.of(id(recruitment)), ids(Map.of("regime", "HIPAA")));
        assertEquals(List.of(id(recruitment)), ids(Map.of("regime", "EU_AI_ACT", "level", "HIGH")));
        assertEquals(List.of(id(socialScoring)), ids(Map.of("level", "PROHIBITED")));
        assertEquals(List.of(), ids(Map.of("regime", "HIPAA", "level", "PROHIBITED")));
        assertEquals(List.of(id(socialScoring)), ids(Map.of("rule", "eu-ai-act-prohibited-social-scoring")));
        assertEquals(List.of(id(socialScoring), id(recruitment), id(legal)),
                ids(Map.of("rulesetVersion", legal.path("rulesetVersion"))));
        String approach = legal.path("approach");
        List<String> sameApproach = ids(Map.of("approach", approach));
        assertEquals(true, sameApproach.contains(id(legal)));
        for (Response other : List.of(recruitment, socialScoring)) {
            assertEquals(approach.equals(other.path("approach")), sameApproach.contains(id(other)));
        }
        assertEquals(List.of(), ids(Map.of("requestedBy", "nobody-signed-in-yet")));
        assertEquals(List.of(), ids(Map.of("from", "2999-01-01")));
        assertEquals(List.of(), ids(Map.of("to", "2000-01-01T00:00:00Z")));
        assertEquals(3, ids(Map.of("from", "2000-01-01", "to", "2999-01-01")).size());
    }

    @Test
    void textSearchCoversTheDescriptionAndTakesWildcardsLiterally() {
        given().queryParam("q", "100%_match").when().get("/api/audit").then().statusCode(200)
                .body("items.id", hasItem(id(recruitment)))
                .body("items.id", not(hasItem(id(legal))));
        given().queryParam("q", marker.toUpperCase()).when().get("/api/audit").then().body("total", equalTo(3));
    }

    @Test
    void theDetailShowsTheWholeRecordAndLinksToTheRuleFiles() {
        String version = recruitment.path("rulesetVersion");
        String link = given().when().get("/api/audit/" + id(recruitment)).then().statusCode(200)
                .body("input.name", equalTo(marker + " CV shortlisting"))
                .body("verdict", equalTo("BOARD_REVIEW"))
                .body("exposures.find { it.regime == 'EU_AI_ACT' }.obligations", hasItem(startsWith("Art. 14")))
                .body("firedRules.find { it.name == 'eu-ai-act-high-risk-decisions-about-people' }.reason", containsString("Art. 6(2)"))
                .body("firedRules.file", everyItem(endsWith(".drl")))
                .body("rulesetVersion", equalTo(version))
                .extract().path("rulesetFiles");
        given().when().get(link).then().statusCode(200).body("id", equalTo(version)).body("files.name", hasItem("verdict.drl"));
        given().when().get("/api/audit/00000000-0000-4000-8000-000000000000").then().statusCode(404);
        given().when().get("/api/audit/not-an-id").then().statusCode(400).body("violations[0].field", equalTo("id"));
    }

    @Test
    void badFilterValuesAreNamed() {
        for (String[] bad : new String[][] { { "approach", "SOMETIMES" }, { "verdict", "MAYBE" }, { "regime", "GDPR" },
                { "level", "SEVERE" }, { "from", "yesterday" }, { "to", "2026-13-45" }, { "size", "0" }, { "page", "-2" } }) {
            given().queryParam(bad[0], bad[1]).when().get("/api/audit").then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("violations[0].field", equalTo(bad[0]))
                    .body("violations[0].in", equalTo("query"));
        }
    }

    private List<String> ids(Map<String, String> filters) {
        return given().queryParam("q", marker).queryParams(filters).queryParam("size", 100).when().get("/api/audit")
                .then().statusCode(200).extract().path("items.id");
    }

    private static String id(Response evaluation) {
        return evaluation.path("id");
    }

    private static Response evaluate(String body) {
        return expect(201, given().contentType(ContentType.JSON).body(body).when().post("/api/evaluations"));
    }
}
