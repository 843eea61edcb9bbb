package io.aigov.audit.rest;

import static io.aigov.support.Answers.expect;
import static io.aigov.support.Answers.json;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.aigov.audit.AuditChain;
import io.aigov.support.AuditTable;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The audit chain catches tampering done directly in the database, as a superuser would: triggers
 * disabled, then a record altered, deleted, or two records swapped. Each test puts the rows back.
 */
@QuarkusTest
class AuditChainTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    AuditTable auditTable;

    private long first;

    @BeforeEach
    void threeMoreRecords() {
        first = evaluate();
        evaluate();
        evaluate();
    }

    @Test
    void anUntouchedChainVerifiesUpToItsHead() {
        long head = given().get("/api/audit/head").then().statusCode(200).extract().<Number>path("seq").longValue();
        String hash = given().get("/api/audit/head").path("hash");
        given().get("/api/audit/verify").then().statusCode(200)
                .body("ok", equalTo(true))
                .body("count", equalTo((int) head))
                .body("head.seq", equalTo((int) head))
                .body("head.hash", equalTo(hash));
        given().queryParam("fromSeq", first).get("/api/audit/verify").then().body("ok", equalTo(true))
                .body("count", equalTo((int) (head - first + 1)));
    }

    @Test
    void aNotedHeadProvesTheLogOnlyGrew() {
        long seq = given().get("/api/audit/head").then().extract().<Number>path("seq").longValue();
        String hash = given().get("/api/audit/head").path("hash");
        evaluate();
        given().queryParam("notedSeq", seq).queryParam("notedHash", hash).get("/api/audit/verify").then()
                .body("ok", equalTo(true));
        given().queryParam("notedSeq", seq).queryParam("notedHash", "a".repeat(64)).get("/api/audit/verify").then()
                .body("ok", equalTo(false)).body("problem", equalTo("NOTED_HEAD_MISMATCH")).body("brokenAt", equalTo((int) seq));
        given().queryParam("notedSeq", seq).queryParam("notedHash", "nope").get("/api/audit/verify").then()
                .statusCode(400).body("violations[0].field", equalTo("notedHash"));
    }

    /** A range holds what it checks: one ending before it starts, or a noted head outside it, is a bad request naming the field. */
    @Test
    void aRangeMustHoldTheNotedHead() {
        String hash = given().get("/api/audit/head").path("hash");
        given().queryParam("fromSeq", first + 1).queryParam("toSeq", first).get("/api/audit/verify").then().statusCode(400)
                .contentType("application/problem+json").body("violations[0].field", equalTo("toSeq"));
        given().queryParam("fromSeq", first + 1).queryParam("notedSeq", first).queryParam("notedHash", hash).get("/api/audit/verify")
                .then().statusCode(400).contentType("application/problem+json").body("violations[0].field", equalTo("notedSeq"));
        given().queryParam("toSeq", first).queryParam("notedSeq", first + 1).queryParam("notedHash", hash).get("/api/audit/verify")
                .then().statusCode(400).contentType("application/problem+json").body("violations[0].field", equalTo("notedSeq"));
    }

    @Test
    void anAlteredRecordIsNamed() {
        long target = first + 1;
        auditTable.tamper("update audit_log set verdict = 'PROHIBITED' where seq = " + target);
        try {
            given().get("/api/audit/verify").then().body("ok", equalTo(false))
                    .body("problem", equalTo("CONTENT_ALTERED")).body("brokenAt", equalTo((int) target));
        } finally {
            auditTable.tamper("update audit_log set verdict = 'ALLOWED' where seq = " + target);
        }
        given().get("/api/audit/verify").then().body("ok", equalTo(true));
    }

    @Test
    void aMissingRecordIsNamed() {
        long target = first + 1;
        auditTable.tamper("create table audit_log_removed as select * from audit_log where seq = " + target);
        auditTable.tamper("delete from audit_log where seq = " + target);
        try {
            given().get("/api/audit/verify").then().body("ok", equalTo(false))
                    .body("problem", equalTo("RECORD_MISSING")).body("brokenAt", equalTo((int) target));
        } finally {
            auditTable.tamper("insert into audit_log select * from audit_log_removed");
            auditTable.tamper("drop table audit_log_removed");
        }
        given().get("/api/audit/verify").then().body("ok", equalTo(true));
    }

    @Test
    void swappedRecordsAreNamed() {
        long a = first;
        long b = first + 1;
        auditTable.swap(a, b);
        try {
            given().get("/api/audit/verify").then().body("ok", equalTo(false))
                    .body("problem", equalTo("ORDER_CHANGED")).body("brokenAt", equalTo((int) a));
        } finally {
            auditTable.swap(a, b);
        }
        given().get("/api/audit/verify").then().body("ok", equalTo(true));
    }

    /**
     * Records written before a field existed lack it (an input without {@code agentic}, an
     * evaluation without {@code counterfactuals}): verification checks the text that was hashed
     * and the columns as stored, never the records serialised again with today's classes (which
     * would add the new field with its default and call every older record altered).
     */
    @Test
    void recordsWrittenBeforeAFieldExistedStillVerify() throws Exception {
        for (boolean keepsCanonical : new boolean[] { true, false }) {
            ObjectNode content = (ObjectNode) JSON.readTree(given().queryParam("format", "jsonl").queryParam("q", "chain probe")
                    .get("/api/audit/export").then().statusCode(200).extract().asString().split("\n")[0]);
            for (String chainField : new String[] { "seq", "prevHash", "hash", "canonical" }) {
                content.remove(chainField);
            }
            content.put("id", UUID.randomUUID().toString());
            ((ObjectNode) content.get("input")).remove("agentic");
            content.remove("counterfactuals");
            long headSeq = given().get("/api/audit/head").then().extract().<Number>path("seq").longValue();
            String headHash = given().get("/api/audit/head").path("hash");
            String canonical = AuditChain.canonical(content);
            auditTable.insert(content, headSeq + 1, headHash, AuditChain.hash(headHash, canonical), keepsCanonical ? canonical : null);
        }
        evaluate();

        given().get("/api/audit/verify").then().body("ok", equalTo(true));
    }

    @Test
    void aColumnChangedUnderItsKeptCanonicalTextIsNamed() {
        long target = first + 2;
        auditTable.tamper("update audit_log set input = jsonb_set(input, '{labeledExamples}', '5000') where seq = " + target);
        try {
            given().get("/api/audit/verify").then().body("ok", equalTo(false))
                    .body("problem", equalTo("CONTENT_ALTERED")).body("brokenAt", equalTo((int) target))
                    .body("detail", containsString("says something else than the canonical text"));
        } finally {
            auditTable.tamper("update audit_log set input = jsonb_set(input, '{labeledExamples}', '0') where seq = " + target);
        }
        given().get("/api/audit/verify").then().body("ok", equalTo(true));
    }

    @Test
    void theHashCanBeRecomputedFromTheExport() {
        String line = given().queryParam("format", "jsonl").queryParam("q", "chain probe").get("/api/audit/export")
                .then().statusCode(200).extract().asString().split("\n")[0];
        io.restassured.path.json.JsonPath record = new io.restassured.path.json.JsonPath(line);
        assertEquals(record.getString("hash"), AuditChain.hash(record.getString("prevHash"), record.getString("canonical")));
        given().get("/api/audit/" + record.getString("id")).then()
                .body("seq", equalTo(record.getInt("seq"))).body("hash", equalTo(record.getString("hash")));
    }


    private static long evaluate() {
        String id = json(expect(201, given().contentType(ContentType.JSON).body("""
                {"name": "chain probe", "dailyRequestVolume": 100, "consistency": "FLEXIBLE", "labeledExamples": 0,
                 "stableMonths": 1, "timeToProductionWeeks": 1, "latencyBudgetMs": 3000, "vocabulary": "STANDARD"}
                """).post("/api/evaluations"))).path("id").asText();
        return json(expect(200, given().get("/api/audit/" + id))).path("seq").asLong();
    }

}
