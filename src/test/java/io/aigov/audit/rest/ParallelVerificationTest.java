package io.aigov.audit.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;


import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.aigov.support.AuditTable;
import io.aigov.support.TunedSettings;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

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
                given().get("/api/audit/verify").then().body("ok", equalTo(false))
                        .body("problem", equalTo("RECORD_MISSING")).body("brokenAt", equalTo((int) target))
                        .body("count", equalTo((int) target - 1));
            } finally {
                auditTable.tamper("insert into audit_log select * from audit_log_removed");
                auditTable.tamper("drop table audit_log_removed");
            }
        }
        given().get("/api/audit/verify").then().body("ok", equalTo(true));
    }

    @Test
    void anAlteredRecordIsNamedWhereverItIs() {
        long head = auditTable.count();
        for (long target = 1; target <= head; target++) {
            // Every kind of record has its time, evaluations and events alike.
            auditTable.tamper("update audit_log set evaluated_at = evaluated_at + interval '1 second' where seq = " + target);
            try {
                given().get("/api/audit/verify").then().body("ok", equalTo(false))
                        .body("problem", equalTo("CONTENT_ALTERED")).body("brokenAt", equalTo((int) target))
                        .body("count", equalTo((int) target - 1));
            } finally {
                auditTable.tamper("update audit_log set evaluated_at = evaluated_at - interval '1 second' where seq = " + target);
            }
        }
        given().get("/api/audit/verify").then().body("ok", equalTo(true));
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
                verifyRange(from, to).body("ok", equalTo(false)).body("problem", equalTo("RECORD_MISSING"))
                        .body("brokenAt", equalTo((int) target)).body("count", equalTo((int) (target - from)));
            } finally {
                auditTable.tamper("insert into audit_log select * from audit_log_removed");
                auditTable.tamper("drop table audit_log_removed");
            }
            auditTable.tamper("update audit_log set evaluated_at = evaluated_at + interval '1 second' where seq = " + target);
            try {
                verifyRange(from, to).body("ok", equalTo(false)).body("problem", equalTo("CONTENT_ALTERED"))
                        .body("brokenAt", equalTo((int) target)).body("count", equalTo((int) (target - from)));
            } finally {
                auditTable.tamper("update audit_log set evaluated_at = evaluated_at - interval '1 second' where seq = " + target);
            }
        }
        // A record moved into the range from before it, within it, or from after it.
        for (long a = from - 1; a <= to; a++) {
            auditTable.swap(a, a + 1);
            try {
                verifyRange(from, to).body("ok", equalTo(false)).body("problem", equalTo("ORDER_CHANGED"))
                        .body("brokenAt", equalTo((int) Math.max(a, from)));
            } finally {
                auditTable.swap(a, a + 1);
            }
        }
        verifyRange(from, to).body("ok", equalTo(true)).body("count", equalTo((int) (to - from + 1)));
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
                verifyRange(from, to).body("ok", equalTo(true)).body("count", equalTo((int) (to - from + 1)));
            } finally {
                auditTable.tamper("update audit_log set evaluated_at = evaluated_at - interval '1 second' where seq = " + target);
            }
        }
        auditTable.tamper("create table audit_log_saved as select * from audit_log where seq = " + (from - 1));
        try {
            auditTable.rewriteVerdict(from - 1, "PROHIBITED");
            verifyRange(from, to).body("ok", equalTo(false)).body("problem", equalTo("ORDER_CHANGED"))
                    .body("brokenAt", equalTo((int) from)).body("count", equalTo(0));
            auditTable.tamper("delete from audit_log where seq = " + (from - 1));
            verifyRange(from, to).body("ok", equalTo(false)).body("problem", equalTo("RECORD_MISSING"))
                    .body("brokenAt", equalTo((int) from - 1)).body("count", equalTo(0));
        } finally {
            auditTable.tamper("delete from audit_log where seq = " + (from - 1));
            auditTable.tamper("insert into audit_log select * from audit_log_saved");
            auditTable.execute("drop table audit_log_saved");
        }
        verifyRange(from, to).body("ok", equalTo(true));
        given().get("/api/audit/verify").then().body("ok", equalTo(true));
    }

    @Test
    void swappedRecordsAreNamedWhereverTheyAre() {
        long head = auditTable.count();
        for (long a = 1; a < head; a++) {
            auditTable.swap(a, a + 1);
            try {
                given().get("/api/audit/verify").then().body("ok", equalTo(false))
                        .body("problem", equalTo("ORDER_CHANGED")).body("brokenAt", equalTo((int) a));
            } finally {
                auditTable.swap(a, a + 1);
            }
        }
        assertEquals(head, auditTable.count());
        given().get("/api/audit/verify").then().body("ok", equalTo(true));
    }

    private static ValidatableResponse verifyRange(long from, long to) {
        return given().queryParam("fromSeq", from).queryParam("toSeq", to).get("/api/audit/verify").then().statusCode(200);
    }

    private static void evaluate() {
        given().contentType(ContentType.JSON).body("""
                {"name": "range probe", "dailyRequestVolume": 100, "consistency": "FLEXIBLE", "labeledExamples": 0,
                 "stableMonths": 1, "timeToProductionWeeks": 1, "latencyBudgetMs": 3000, "vocabulary": "STANDARD"}
                """).post("/api/evaluations").then().statusCode(201);
    }
}
