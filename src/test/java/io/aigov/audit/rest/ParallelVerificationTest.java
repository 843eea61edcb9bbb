package io.aigov.audit.rest;

import static io.aigov.support.Answers.expect;
import static io.aigov.support.Answers.json;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.aigov.support.AuditTable;
import io.aigov.support.TunedSettings;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * A chain walked in ranges side by side names the same first break a single walk would, wherever
 * the break lies: inside a range, at its last record, or at the first record of the next one. The
 * ranges here are a few records long, so every position of a short chain is tried.
 */
@QuarkusTest
@TestProfile(TunedSettings.class)
class ParallelVerificationTest {

    private static final int RECORDS = 14;

    @Inject
    AuditTable auditTable;

    @BeforeEach
    void aShortChain() {
        while (auditTable.count() < RECORDS) {
            evaluate();
        }
    }

    @Test
    void anUntouchedChainVerifiesInRanges() {
        long head = auditTable.count();
        given().get("/api/audit/verify").then().statusCode(200).body("ok", equalTo(true))
                .body("count", equalTo((int) head)).body("head.seq", equalTo((int) head));
        given().queryParam("fromSeq", 3).queryParam("toSeq", head - 2).get("/api/audit/verify").then()
                .body("ok", equalTo(true)).body("count", equalTo((int) head - 4)).body("head.seq", equalTo((int) head - 2));
    }

    @Test
    void aMissingRecordIsNamedWhereverItIs() {
        long head = auditTable.count();
        for (long target = 1; target < head; target++) {
            auditTable.tamper("create table audit_log_removed as select * from audit_log where seq = " + target);
            auditTable.tamper("delete from audit_log where seq = " + target);
            try {
                assertBroken(verifyAll(), "RECORD_MISSING", target, target - 1);
            } finally {
                auditTable.tamper("insert into audit_log select * from audit_log_removed");
                auditTable.tamper("drop table audit_log_removed");
            }
        }
        assertTrue(verifyAll().path("ok").asBoolean());
    }

    @Test
    void anAlteredRecordIsNamedWhereverItIs() {
        long head = auditTable.count();
        for (long target = 1; target <= head; target++) {
            // Every kind of record has its time, evaluations and events alike.
            auditTable.tamper("update audit_log set evaluated_at = evaluated_at + interval '1 second' where seq = " + target);
            try {
                assertBroken(verifyAll(), "CONTENT_ALTERED", target, target - 1);
            } finally {
                auditTable.tamper("update audit_log set evaluated_at = evaluated_at - interval '1 second' where seq = " + target);
            }
        }
        assertTrue(verifyAll().path("ok").asBoolean());
    }

    /**
     * A range [fromSeq, toSeq] answers for its own records and for the link of its first record to
     * the hash stored with the record before it: every record deleted, altered or moved inside it is
     * named where it is, the last one included, though the chain goes on after it.
     */
    @Test
    void aRangeNamesEveryBreakInsideIt() {
        long head = auditTable.count();
        long from = 3;
        long to = head - 2;
        for (long target = from; target <= to; target++) {
            auditTable.tamper("create table audit_log_removed as select * from audit_log where seq = " + target);
            auditTable.tamper("delete from audit_log where seq = " + target);
            try {
                assertBroken(verifyRange(from, to), "RECORD_MISSING", target, target - from);
            } finally {
                auditTable.tamper("insert into audit_log select * from audit_log_removed");
                auditTable.tamper("drop table audit_log_removed");
            }
            auditTable.tamper("update audit_log set evaluated_at = evaluated_at + interval '1 second' where seq = " + target);
            try {
                assertBroken(verifyRange(from, to), "CONTENT_ALTERED", target, target - from);
            } finally {
                auditTable.tamper("update audit_log set evaluated_at = evaluated_at - interval '1 second' where seq = " + target);
            }
        }
        // A record moved into the range from before it, within it, or from after it.
        for (long a = from - 1; a <= to; a++) {
            auditTable.swap(a, a + 1);
            try {
                assertBroken(verifyRange(from, to), "ORDER_CHANGED", Math.max(a, from));
            } finally {
                auditTable.swap(a, a + 1);
            }
        }
        assertIntact(verifyRange(from, to), to - from + 1);
    }

    /**
     * What lies before a range is not reported as inside it. The record before it only lends the
     * hash stored with it, which the range's first record must link to: its content altered leaves
     * the range intact; its hash recomputed breaks that link; gone, the link cannot be checked.
     */
    @Test
    void aRangeAnswersForItsLinkButNotForTheRecordsBeforeIt() {
        // The record before the range is an evaluation, whose verdict can be rewritten.
        for (int i = 0; i < 3; i++) {
            evaluate();
        }
        long head = auditTable.count();
        long from = head - 1;
        long to = head;
        for (long target = 1; target < from; target++) {
            auditTable.tamper("update audit_log set evaluated_at = evaluated_at + interval '1 second' where seq = " + target);
            try {
                assertIntact(verifyRange(from, to), to - from + 1);
            } finally {
                auditTable.tamper("update audit_log set evaluated_at = evaluated_at - interval '1 second' where seq = " + target);
            }
        }
        auditTable.tamper("create table audit_log_saved as select * from audit_log where seq = " + (from - 1));
        try {
            auditTable.rewriteVerdict(from - 1, "PROHIBITED");
            assertBroken(verifyRange(from, to), "ORDER_CHANGED", from, 0);
            auditTable.tamper("delete from audit_log where seq = " + (from - 1));
            assertBroken(verifyRange(from, to), "RECORD_MISSING", from - 1, 0);
        } finally {
            auditTable.tamper("delete from audit_log where seq = " + (from - 1));
            auditTable.tamper("insert into audit_log select * from audit_log_saved");
            auditTable.execute("drop table audit_log_saved");
        }
        assertTrue(verifyRange(from, to).path("ok").asBoolean());
        assertTrue(verifyAll().path("ok").asBoolean());
    }

    @Test
    void swappedRecordsAreNamedWhereverTheyAre() {
        long head = auditTable.count();
        for (long a = 1; a < head; a++) {
            auditTable.swap(a, a + 1);
            try {
                assertBroken(verifyAll(), "ORDER_CHANGED", a);
            } finally {
                auditTable.swap(a, a + 1);
            }
        }
        assertEquals(head, auditTable.count());
        assertTrue(verifyAll().path("ok").asBoolean());
    }

    /** The whole chain's verification, read with Jackson: these loops verify some hundred times. */
    private static JsonNode verifyAll() {
        return json(expect(200, given().get("/api/audit/verify")));
    }

    private static JsonNode verifyRange(long from, long to) {
        return json(expect(200, given().queryParam("fromSeq", from).queryParam("toSeq", to).get("/api/audit/verify")));
    }

    private static void assertIntact(JsonNode verified, long count) {
        assertTrue(verified.path("ok").asBoolean(), verified::toString);
        assertEquals(count, verified.path("count").asLong(), verified::toString);
    }

    private static void assertBroken(JsonNode verified, String problem, long brokenAt) {
        assertFalse(verified.path("ok").asBoolean(true), verified::toString);
        assertEquals(problem, verified.path("problem").asText(), verified::toString);
        assertEquals(brokenAt, verified.path("brokenAt").asLong(), verified::toString);
    }

    private static void assertBroken(JsonNode verified, String problem, long brokenAt, long count) {
        assertBroken(verified, problem, brokenAt);
        assertEquals(count, verified.path("count").asLong(), verified::toString);
    }

    private static void evaluate() {
        given().contentType(ContentType.JSON).body("""
                {"name": "range probe", "dailyRequestVolume": 100, "consistency": "FLEXIBLE", "labeledExamples": 0,
                 "stableMonths": 1, "timeToProductionWeeks": 1, "latencyBudgetMs": 3000, "vocabulary": "STANDARD"}
                """).post("/api/evaluations").then().statusCode(201);
    }
}
