package io.aigov.audit.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import io.aigov.audit.AuditUnavailableException;
import io.aigov.decision.model.Consistency;
import io.aigov.decision.model.UseCase;
import io.aigov.decision.model.Vocabulary;
import io.aigov.evaluation.service.EvaluationService;
import io.aigov.support.AuditTable;
import io.aigov.support.TestUsers;

/**
 * Text PostgreSQL cannot store (a NUL) or that hides what a value says (other control characters)
 * is refused at the door, naming the field; and a record its batch's transaction refuses for its
 * own content fails alone, never the records committed with it.
 */
@QuarkusTest
class PoisonedInputTest {

    private static final String USE_CASE = """
            {"name": "%s", "description": "%s", "dailyRequestVolume": 100, "consistency": "FLEXIBLE", "labeledExamples": 0,
             "stableMonths": 1, "timeToProductionWeeks": 1, "latencyBudgetMs": 3000, "vocabulary": "STANDARD"}
            """;

    @Inject
    AuditTable auditTable;

    @Inject
    EvaluationService evaluations;

    @Test
    void controlCharactersInAnyTextFieldAreRefusedNamingTheFieldWhileValidRequestsAreAnsweredUnderLoad() throws Exception {
        long before = auditTable.count();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<int[]>> clients = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            boolean hostile = c < 2;
            clients.add(pool.submit(() -> {
                int[] statuses = new int[2];
                for (int i = 0; i < 30; i++) {
                    String body = hostile
                            ? USE_CASE.formatted(i % 2 == 0 ? "x\\u0000y" : "ok", i % 2 == 0 ? "fine" : "bell\\u0007")
                            : USE_CASE.formatted("Valid " + i, "tab\\tand\\nnewlines are text");
                    int status = given().contentType(ContentType.JSON).body(body).post("/api/evaluations").statusCode();
                    statuses[hostile ? 1 : 0] += hostile ? (status == 400 ? 1 : 0) : (status == 201 ? 1 : 0);
                }
                return statuses;
            }));
        }
        int created = 0;
        int refused = 0;
        for (Future<int[]> client : clients) {
            int[] statuses = client.get();
            created += statuses[0];
            refused += statuses[1];
        }
        pool.shutdown();

        assertEquals(6 * 30, created, "every valid request must be answered 201");
        assertEquals(2 * 30, refused, "every request with a control character must be answered 400");
        assertEquals(before + created, auditTable.count());
        given().get("/api/audit/verify").then().body("ok", equalTo(true));

        given().contentType(ContentType.JSON).body(USE_CASE.formatted("x\\u0000y", "d")).post("/api/evaluations").then()
                .statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem("name"))
                .body("violations.find { it.field == 'name' }.message", org.hamcrest.Matchers.containsString("U+0000"));
    }

    @Test
    void everyTextTheApiAcceptsIsCheckedForControlCharacters() {
        given().contentType(ContentType.JSON).body(Map.of("files", List.of(Map.of("name", "x.drl", "content", "package aigov;\u0000"))))
                .post("/api/rules/validate").then().statusCode(400).body("violations.field", hasItem("files[0].content"));
        TestUsers.as(TestUsers.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("username", "nul\u0000user", "password", "a-long-enough-password", "roles", List.of("board")))
                .post("/api/users").then().statusCode(400).body("violations.field", hasItem("username"));
        TestUsers.as(TestUsers.SUBMITTER).contentType(ContentType.JSON)
                .body("{\"useCase\": " + USE_CASE.formatted("Proposal", "d") + ", \"owner\": \"esc\\u001b[31m\", \"businessJustification\": \"j\"}")
                .post("/api/proposals").then().statusCode(400).body("violations.field", hasItem("owner"));

        TestUsers.as(TestUsers.RULE_AUTHOR).contentType(ContentType.TEXT).body("volume.fineTuning.min = 5\u00000000\n")
                .put("/api/rules/files/thresholds.properties").then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem("body"));
        TestUsers.as(TestUsers.RULE_AUTHOR).urlEncodingEnabled(false).contentType(ContentType.TEXT).body("volume.fineTuning.min = 50000\n")
                .put("/api/rules/files/thresholds%01.properties").then().statusCode(400).body("violations.field", hasItem("name"));
        TestUsers.as(TestUsers.RULE_AUTHOR)
                .multiPart("file", "thresholds.properties", "volume.fineTuning.min = 50000\n".getBytes(StandardCharsets.UTF_8), "text/plain")
                .multiPart("file", "verdict.drl", "package aigov;\u0000".getBytes(StandardCharsets.UTF_8), "text/plain")
                .post("/api/rules/validate").then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem("file[1]"))
                .body("violations.find { it.field == 'file[1]' }.message", org.hamcrest.Matchers.containsString("verdict.drl"));
        TestUsers.as(TestUsers.RULE_AUTHOR)
                .multiPart("file", "verdict.drl", new byte[] {(byte) 0xC3, (byte) 0x28}, "text/plain")
                .post("/api/rules/validate").then().statusCode(400).body("violations.find { it.field == 'file[0]' }.message",
                        org.hamcrest.Matchers.containsString("not UTF-8"));
    }

    @Test
    void aSignInWithAControlCharacterInTheNameIsRefusedLikeAnyUnknownUser() {
        given().auth().preemptive().basic("nul\u0000user", "a-long-enough-password").get("/api/audit").then().statusCode(401);
        io.restassured.response.Response unknown = signIn("nobody-by-this-name");
        io.restassured.response.Response poisoned = signIn("nul\u0000user");
        assertEquals(unknown.statusCode(), poisoned.statusCode());
        assertEquals(unknown.header("Location"), poisoned.header("Location"));
        assertTrue(poisoned.getCookie("aigov-session") == null, "no session for a name that cannot exist");
        given().get("/api/audit/verify").then().statusCode(200);
    }

    @Test
    void controlCharactersInPathAndQueryParametersAreRefusedNamingTheParameter() {
        TestUsers.as(TestUsers.COMPLIANCE).urlEncodingEnabled(false).get("/api/rules/versions/abc%00def").then().statusCode(400)
                .contentType("application/problem+json").body("violations.find { it.field == 'id' }.in", equalTo("path"));
        TestUsers.as(TestUsers.COMPLIANCE).urlEncodingEnabled(false).get("/api/audit?rule=x%00y").then().statusCode(400)
                .body("violations.find { it.field == 'rule' }.in", equalTo("query"));
        TestUsers.as(TestUsers.ADMIN).urlEncodingEnabled(false).contentType(ContentType.JSON).body("{\"roles\": [\"board\"]}")
                .put("/api/users/nul%00user/roles")
                .then().statusCode(400).body("violations.field", hasItem("username"));
    }

    private static io.restassured.response.Response signIn(String username) {
        return given().redirects().follow(false).contentType(ContentType.URLENC).formParam("username", username)
                .formParam("password", "a-long-enough-password").post("/signin/check");
    }

    @Test
    void aRecordItsBatchRefusesFailsAloneAndTheOthersCommit() throws Exception {
        long before = auditTable.count();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Boolean>> appends = new ArrayList<>();
        for (int i = 0; i < 160; i++) {
            // Straight into the service, past the API's refusal, as a record with a NUL would arrive by any other way.
            boolean poisoned = i % 8 == 0;
            UseCase useCase = new UseCase(poisoned ? "x\u0000y" : "Batch " + i, null, 100L, Consistency.FLEXIBLE, 0L, 1.0, 1.0, 3000L,
                    Vocabulary.STANDARD, null, null, null, null, null, null, null, null, null, null, null);
            Callable<Boolean> append = () -> {
                if (poisoned) {
                    assertThrows(AuditUnavailableException.class, () -> evaluations.evaluate(useCase, TestUsers.TESTER));
                    return false;
                }
                evaluations.evaluate(useCase, TestUsers.TESTER);
                return true;
            };
            appends.add(pool.submit(append));
        }
        int committed = 0;
        for (Future<Boolean> append : appends) {
            committed += append.get() ? 1 : 0;
        }
        pool.shutdown();

        assertEquals(140, committed);
        assertEquals(before + 140, auditTable.count());
        given().get("/api/audit/verify").then().body("ok", equalTo(true));
        assertTrue(auditTable.queryText("select count(*) from audit_log where use_case_name like 'x%y'").equals("0"));
    }
}
