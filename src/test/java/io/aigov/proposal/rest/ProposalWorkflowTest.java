package io.aigov.proposal.rest;

import static io.aigov.support.TestUsers.as;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.aigov.support.AuditTable;
import io.aigov.support.TestUsers;
import io.aigov.support.UseCaseBodies;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Proposals from submission to the board's decision, which enters the audit chain; who may do what on the way. */
@QuarkusTest
class ProposalWorkflowTest {

    static final String ALLOWED_USE_CASE = """
            {"name": "Ticket triage", "dailyRequestVolume": 2000, "consistency": "FLEXIBLE", "labeledExamples": 0,
             "stableMonths": 1, "timeToProductionWeeks": 2, "latencyBudgetMs": 3000, "vocabulary": "STANDARD"}""";
    static final String HIGH_RISK_USE_CASE = """
            {"name": "Affordability profile", "dailyRequestVolume": 30000, "consistency": "STRICT", "labeledExamples": 10000,
             "stableMonths": 12, "timeToProductionWeeks": 10, "latencyBudgetMs": 500, "vocabulary": "STANDARD",
             "domain": "CREDIT_SCORING", "euExposure": true, "profilesPeople": true}""";
    static final String PROHIBITED_USE_CASE = UseCaseBodies.prohibited("Engagement monitor");

    @Inject
    AuditTable tables;

    static String proposal(String useCase) {
        return "{\"useCase\": " + useCase + ", \"owner\": \"head-of-credit\", \"businessJustification\": \"Cuts handling time by half.\"}";
    }

    static String submit(String submitter, String useCase) {
        return as(submitter).contentType(ContentType.JSON).body(proposal(useCase)).post("/api/proposals")
                .then().statusCode(201).extract().path("id");
    }

    static void review(String id) {
        as(TestUsers.BOARD).post("/api/proposals/" + id + "/review").then().statusCode(200).body("state", equalTo("UNDER_REVIEW"));
    }

    @Test
    void aSubmittedProposalIsEvaluatedAtOnceUnderTheSubmittersName() {
        JsonPath created = as(TestUsers.SUBMITTER).contentType(ContentType.JSON).body(proposal(HIGH_RISK_USE_CASE))
                .post("/api/proposals").then().statusCode(201)
                .header("Location", containsString("/api/proposals/"))
                .body("state", equalTo("SUBMITTED"))
                .body("allowedTransitions", contains("UNDER_REVIEW", "WITHDRAWN"))
                .body("submittedBy", equalTo(TestUsers.SUBMITTER))
                .body("latestEvaluation.verdict", equalTo("BOARD_REVIEW"))
                .body("latestEvaluation.approach", equalTo("FINE_TUNING"))
                .body("evaluations.reason", contains("SUBMITTED"))
                .body("riskRank", equalTo(1))
                .extract().jsonPath();
        assertEquals(TestUsers.SUBMITTER, tables.column("requested_by", created.getString("latestEvaluation.id")));
    }

    @Test
    void aBoardDecisionWithAnOverrideEntersTheAuditChainWithItsRulesetVersion() {
        String id = submit(TestUsers.SUBMITTER, HIGH_RISK_USE_CASE);
        review(id);
        JsonPath decided = as(TestUsers.BOARD).contentType(ContentType.JSON).body("""
                {"decision": "APPROVED_WITH_CONDITIONS", "rationale": "Value is clear; the profiling risk is managed.",
                 "conditions": ["Human review of every declined application", "Bias audit before launch"],
                 "override": {"approach": "HYBRID", "reason": "Rates change monthly: retrieval keeps answers current."}}
                """).post("/api/proposals/" + id + "/decisions").then().statusCode(200)
                .body("state", equalTo("APPROVED_WITH_CONDITIONS"))
                .body("allowedTransitions", contains("IN_PRODUCTION", "UNDER_REASSESSMENT", "RETIRED"))
                .body("decision.decidedBy", equalTo(TestUsers.BOARD))
                .body("decision.decision.outcome", equalTo("APPROVED_WITH_CONDITIONS"))
                .body("decision.decision.recommendedApproach", equalTo("FINE_TUNING"))
                .body("decision.decision.override.approach", equalTo("HYBRID"))
                .extract().jsonPath();
        String recordId = decided.getString("decision.auditRecordId");
        String evaluationId = decided.getString("latestEvaluation.id");

        as(TestUsers.COMPLIANCE).get("/api/audit/" + recordId).then().statusCode(200)
                .body("kind", equalTo("BOARD_DECISION"))
                .body("requestedBy", equalTo(TestUsers.BOARD))
                .body("rulesetVersion", equalTo(decided.getString("latestEvaluation.rulesetVersion")))
                .body("approach", equalTo("HYBRID"))
                .body("verdict", equalTo("BOARD_REVIEW"))
                .body("decision.proposalId", equalTo(id))
                .body("decision.evaluationId", equalTo(evaluationId))
                .body("decision.rationale", containsString("profiling risk"))
                .body("decision.conditions", hasItem("Bias audit before launch"))
                .body("decision.override.reason", containsString("retrieval"))
                .body("hash", matchesPattern("[0-9a-f]{64}"));
        as(TestUsers.COMPLIANCE).get("/api/audit?kind=BOARD_DECISION&size=100").then().statusCode(200).body("items.id", hasItem(recordId));
        as(TestUsers.COMPLIANCE).get("/api/audit/verify").then().body("ok", equalTo(true));
        String line = as(TestUsers.COMPLIANCE).get("/api/audit/export?format=jsonl&kind=BOARD_DECISION").asString().lines()
                .filter(l -> l.contains(recordId)).findFirst().orElseThrow();
        assertTrue(line.contains("\"kind\":\"BOARD_DECISION\"") && line.contains("Bias audit before launch"), line);
    }

    @Test
    void theSubmitterNeverDecidesTheirOwnProposalWhateverTheirRoles() {
        String id = submit(TestUsers.TESTER, ALLOWED_USE_CASE);
        as(TestUsers.TESTER).post("/api/proposals/" + id + "/review").then().statusCode(403)
                .contentType("application/problem+json").body("detail", containsString("Segregation of duties"));
        review(id);
        long records = tables.count();
        as(TestUsers.TESTER).contentType(ContentType.JSON).body("{\"decision\": \"APPROVED\", \"rationale\": \"Fine by me.\"}")
                .post("/api/proposals/" + id + "/decisions").then().statusCode(403).body("detail", containsString("Segregation of duties"));
        assertEquals(records, tables.count(), "a refused decision writes nothing");
        as(TestUsers.BOARD).get("/api/proposals/" + id).then().body("state", equalTo("UNDER_REVIEW"));
    }

    @Test
    void wrongTransitionsAnswer409WithTheAllowedOnes() {
        String id = submit(TestUsers.SUBMITTER, ALLOWED_USE_CASE);
        as(TestUsers.BOARD).contentType(ContentType.JSON).body("{\"decision\": \"APPROVED\", \"rationale\": \"Too early.\"}")
                .post("/api/proposals/" + id + "/decisions").then().statusCode(409).contentType("application/problem+json")
                .body("state", equalTo("SUBMITTED")).body("allowedTransitions", contains("UNDER_REVIEW", "WITHDRAWN"));
        as(TestUsers.SUBMITTER).contentType(ContentType.JSON).body("{\"reason\": \"Budget moved.\"}").post("/api/proposals/" + id + "/withdraw")
                .then().statusCode(200).body("state", equalTo("WITHDRAWN"));
        as(TestUsers.BOARD).post("/api/proposals/" + id + "/review").then().statusCode(409).body("allowedTransitions", empty());
        as(TestUsers.SUBMITTER).contentType(ContentType.JSON).body("{}").post("/api/proposals/" + id + "/withdraw").then().statusCode(409);
    }

    @Test
    void aProhibitedVerdictCanOnlyBeRejected() {
        String id = submit(TestUsers.SUBMITTER, PROHIBITED_USE_CASE);
        review(id);
        as(TestUsers.BOARD).contentType(ContentType.JSON).body("{\"decision\": \"APPROVED\", \"rationale\": \"We accept the risk.\"}")
                .post("/api/proposals/" + id + "/decisions").then().statusCode(409)
                .body("detail", containsString("PROHIBITED")).body("allowedDecisions", contains("REJECTED"));
        as(TestUsers.BOARD).contentType(ContentType.JSON).body("{\"decision\": \"REJECTED\", \"rationale\": \"Art. 5(1)(f) prohibits it.\"}")
                .post("/api/proposals/" + id + "/decisions").then().statusCode(200).body("state", equalTo("REJECTED"));
    }

    @Test
    void badProposalsAndDecisionsNameTheFieldAndWriteNothing() {
        long records = tables.count();
        long proposals = tables.countOf("proposal");
        as(TestUsers.SUBMITTER).contentType(ContentType.JSON)
                .body("{\"useCase\": " + ALLOWED_USE_CASE.replace("2000,", "\"lots\",") + ", \"businessJustification\": \" \"}")
                .post("/api/proposals").then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItems("owner", "businessJustification"))
                .body("violations.field", hasItem(startsWith("useCase")));
        assertEquals(records, tables.count());
        assertEquals(proposals, tables.countOf("proposal"));

        String id = submit(TestUsers.SUBMITTER, ALLOWED_USE_CASE);
        review(id);
        long before = tables.count();
        for (String[] bad : List.of(
                new String[] {"{\"decision\": \"APPROVED_WITH_CONDITIONS\", \"rationale\": \"ok\"}", "conditions"},
                new String[] {"{\"decision\": \"APPROVED\", \"rationale\": \"ok\", \"conditions\": [\"x\"]}", "conditions"},
                new String[] {"{\"decision\": \"APPROVED\", \"rationale\": \"ok\", \"override\": {\"approach\": \"PROMPTING\", \"reason\": \"same\"}}", "override.approach"},
                new String[] {"{\"decision\": \"APPROVED\", \"rationale\": \"ok\", \"override\": {\"approach\": \"HYBRID\"}}", "override.reason"},
                new String[] {"{\"decision\": \"MAYBE\", \"rationale\": \"ok\"}", "decision"},
                new String[] {"{\"decision\": \"APPROVED\"}", "rationale"})) {
            as(TestUsers.BOARD).contentType(ContentType.JSON).body(bad[0]).post("/api/proposals/" + id + "/decisions")
                    .then().statusCode(400).contentType("application/problem+json").body("violations.field", hasItem(bad[1]));
        }
        assertEquals(before, tables.count(), "no bad decision reached the audit log");
        as(TestUsers.BOARD).get("/api/proposals/" + id).then().body("state", equalTo("UNDER_REVIEW"));
    }

    @Test
    void eachRoleDoesItsOwnPart() {
        for (String refused : List.of(TestUsers.BOARD, TestUsers.COMPLIANCE, TestUsers.RULE_AUTHOR, TestUsers.ADMIN)) {
            as(refused).contentType(ContentType.JSON).body(proposal(ALLOWED_USE_CASE)).post("/api/proposals").then().statusCode(403);
        }
        String id = submit(TestUsers.SUBMITTER, ALLOWED_USE_CASE);
        for (String refused : List.of(TestUsers.OTHER_SUBMITTER, TestUsers.COMPLIANCE, TestUsers.RULE_AUTHOR)) {
            as(refused).post("/api/proposals/" + id + "/review").then().statusCode(403);
        }
        as(TestUsers.OTHER_SUBMITTER).contentType(ContentType.JSON).body("{}").post("/api/proposals/" + id + "/withdraw")
                .then().statusCode(403).body("detail", containsString(TestUsers.SUBMITTER));
        as(TestUsers.COMPLIANCE).get("/api/proposals/" + id).then().statusCode(200);
        as(TestUsers.SUBMITTER).get("/api/proposals/queue").then().statusCode(403);
        as(TestUsers.RULE_AUTHOR).get("/api/proposals").then().statusCode(403);
        as(TestUsers.COMPLIANCE).get("/api/proposals?state=SUBMITTED&owner=head-of-credit").then().statusCode(200)
                .body("id", hasItem(id)).body("state", everyItem(equalTo("SUBMITTED")));
        as(TestUsers.COMPLIANCE).get("/api/proposals?state=OPEN").then().statusCode(400).body("violations.field", hasItem("state"));
    }

    @Test
    void theBoardQueueShowsTheRiskiestAndOldestFirst() {
        String allowed = submit(TestUsers.SUBMITTER, ALLOWED_USE_CASE);
        String highRisk = submit(TestUsers.SUBMITTER, HIGH_RISK_USE_CASE);
        String prohibited = submit(TestUsers.SUBMITTER, PROHIBITED_USE_CASE);
        String olderHighRisk = highRisk;
        String newerHighRisk = submit(TestUsers.SUBMITTER, HIGH_RISK_USE_CASE);
        List<String> queue = as(TestUsers.BOARD).get("/api/proposals/queue?limit=1000").then().statusCode(200)
                .extract().jsonPath().getList("id");
        List<String> ours = queue.stream().filter(List.of(allowed, highRisk, prohibited, newerHighRisk)::contains).toList();
        assertEquals(List.of(prohibited, olderHighRisk, newerHighRisk, allowed), ours);
    }
}
