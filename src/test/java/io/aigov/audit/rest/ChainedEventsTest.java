package io.aigov.audit.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.transaction.TransactionRequiredException;
import jakarta.transaction.TransactionalException;

import org.junit.jupiter.api.Test;

import io.aigov.audit.AuditEvent;
import io.aigov.audit.AuditKind;
import io.aigov.audit.AuditLog;
import io.aigov.audit.AuditRecord;
import io.aigov.audit.AuditChain;
import io.aigov.support.AuditTable;
import io.aigov.support.TestUsers;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Changes to accounts enter the audit chain as records of their own, in the transaction of the
 * change: searchable, exported, verified and tamper-evident like evaluations.
 */
@QuarkusTest
class ChainedEventsTest {

    @Inject
    AuditLog auditLog;
    @Inject
    AuditTable auditTable;

    @Test
    void everyChangeToAnAccountIsARecordOfTheChain() {
        long before = head();
        String username = "eve-" + UUID.randomUUID().toString().substring(0, 8);
        TestUsers.as(TestUsers.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", "a-long-enough-password", "roles", List.of("submitter")))
                .post("/api/users").then().statusCode(201);
        TestUsers.as(TestUsers.ADMIN).contentType(ContentType.JSON).body(Map.of("roles", List.of("submitter", "board")))
                .put("/api/users/" + username + "/roles").then().statusCode(200);
        TestUsers.as(TestUsers.ADMIN).contentType(ContentType.JSON).body(Map.of("password", "another-long-password"))
                .put("/api/users/" + username + "/password").then().statusCode(204);
        TestUsers.as(TestUsers.ADMIN).delete("/api/users/" + username).then().statusCode(204);
        // A refused change records nothing.
        TestUsers.as(TestUsers.ADMIN).delete("/api/users/" + username).then().statusCode(404);
        assertEquals(before + 4, head());

        JsonPath page = given().queryParam("kind", "USER_EVENT").queryParam("size", 4).get("/api/audit").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of("REMOVED", "PASSWORD_CHANGED", "ROLES_CHANGED", "CREATED"), page.getList("items.event.type"),
                "newest first, in the order they happened");
        assertEquals(List.of(username, username, username, username), page.getList("items.event.details.username"));
        assertEquals(List.of("submitter", "board"), page.getList("items[2].event.details.roles"));
        assertEquals(List.of("submitter"), page.getList("items[3].event.details.roles"));
        assertEquals(TestUsers.ADMIN, page.getString("items[0].requestedBy"));
        assertNull(page.get("items[0].approach"), "an account change has no evaluation fields");

        String created = page.getString("items[3].id");
        given().get("/api/audit/" + created).then().statusCode(200)
                .body("kind", equalTo("USER_EVENT")).body("event.type", equalTo("CREATED"))
                .body("seq", equalTo((int) before + 1)).body("rulesetFiles", nullValue()).body("scores", nullValue());
        given().accept(ContentType.HTML).get("/console/audit/" + created).then().statusCode(200)
                .body(containsString("CREATED")).body(containsString(username));
        given().accept(ContentType.HTML).queryParam("kind", "USER_EVENT").get("/console/audit").then().statusCode(200)
                .body(containsString("account " + username));

        // Exported with their place in the chain, the hash recomputable from the line alone.
        String line = given().queryParam("format", "jsonl").queryParam("kind", "USER_EVENT").get("/api/audit/export").then()
                .statusCode(200).extract().asString().split("\n")[0];
        JsonPath exported = new JsonPath(line);
        assertEquals("REMOVED", exported.getString("event.type"));
        assertEquals(exported.getString("hash"), AuditChain.hash(exported.getString("prevHash"), exported.getString("canonical")));
        String csv = given().queryParam("format", "csv").queryParam("kind", "USER_EVENT").get("/api/audit/export").then()
                .statusCode(200).extract().asString();
        assertTrue(List.of(csv.lines().findFirst().orElseThrow().split(",")).contains("event"), "a column holds the event");
        given().get("/api/audit/verify").then().body("ok", equalTo(true));
    }

    @Test
    void anEventAlteredInTheDatabaseIsNamed() {
        String username = "mallory-" + UUID.randomUUID().toString().substring(0, 8);
        TestUsers.as(TestUsers.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", "a-long-enough-password", "roles", List.of("submitter")))
                .post("/api/users").then().statusCode(201);
        long created = head();
        auditTable.tamper("update audit_log set event = jsonb_set(event, '{details,roles}', '[\"admin\"]') where seq = " + created);
        try {
            given().get("/api/audit/verify").then().body("ok", equalTo(false))
                    .body("problem", equalTo("CONTENT_ALTERED")).body("brokenAt", equalTo((int) created));
        } finally {
            auditTable.tamper("update audit_log set event = jsonb_set(event, '{details,roles}', '[\"submitter\"]') where seq = " + created);
        }
        given().get("/api/audit/verify").then().body("ok", equalTo(true));
    }

    /** A superuser who drops the check on what each kind holds and writes a verdict onto an event is caught all the same. */
    @Test
    void aValueInAColumnAnEventDoesNotHaveIsNamed() {
        String username = "trudy-" + UUID.randomUUID().toString().substring(0, 8);
        TestUsers.as(TestUsers.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", "a-long-enough-password", "roles", List.of("submitter")))
                .post("/api/users").then().statusCode(201);
        long created = head();
        String check = auditTable.queryText("select pg_get_constraintdef(oid) from pg_constraint where conname = 'audit_log_kind_content_check'"
                + " and conrelid = 'audit_log'::regclass");
        auditTable.execute("alter table audit_log drop constraint audit_log_kind_content_check");
        try {
            auditTable.tamper("update audit_log set verdict = 'PROHIBITED' where seq = " + created);
            given().get("/api/audit/verify").then().body("ok", equalTo(false))
                    .body("problem", equalTo("CONTENT_ALTERED")).body("brokenAt", equalTo((int) created));
        } finally {
            auditTable.tamper("update audit_log set verdict = null where seq = " + created);
            auditTable.execute("alter table audit_log add constraint audit_log_kind_content_check " + check);
        }
        given().get("/api/audit/verify").then().body("ok", equalTo(true));
    }

    @Test
    void anEventCommitsWithItsTransactionOrNotAtAll() {
        long before = head();
        assertThrows(IllegalStateException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
            auditLog.appendInTransaction(probe());
            throw new IllegalStateException("the change failed after its record was appended");
        }));
        assertEquals(before, head(), "rolled back with the change it recorded");

        QuarkusTransaction.requiringNew().run(() -> auditLog.appendInTransaction(probe()));
        assertEquals(before + 1, head());
        given().contentType(ContentType.JSON).body("""
                {"name": "after an event", "dailyRequestVolume": 100, "consistency": "FLEXIBLE", "labeledExamples": 0,
                 "stableMonths": 1, "timeToProductionWeeks": 1, "latencyBudgetMs": 3000, "vocabulary": "STANDARD"}
                """).post("/api/evaluations").then().statusCode(201);
        assertEquals(before + 2, head());
        given().get("/api/audit/verify").then().body("ok", equalTo(true));

        TransactionalException outside = assertThrows(TransactionalException.class, () -> auditLog.appendInTransaction(probe()),
                "outside a transaction an event could be recorded without its change");
        assertInstanceOf(TransactionRequiredException.class, outside.getCause());
        assertEquals(before + 2, head());
    }

    private static AuditRecord probe() {
        return AuditRecord.ofEvent(AuditKind.USER_EVENT, Instant.now().truncatedTo(ChronoUnit.MICROS), "tests",
                new AuditEvent("PROBE", Map.of("note", "from a test")));
    }

    private static long head() {
        return given().get("/api/audit/head").then().statusCode(200).extract().<Number>path("seq").longValue();
    }
}
