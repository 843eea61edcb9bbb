package io.aigov.audit.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.aigov.audit.AuditChain;
import io.aigov.audit.AuditChainVerifier;
import io.aigov.audit.Checkpoints;
import io.aigov.audit.OfflineVerification;
import io.aigov.database.TestDatabases;
import io.aigov.support.AuditTable;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * Against someone who can rewrite the database and recompute every hash, the chain alone proves
 * nothing; a signed checkpoint kept outside the database does. Each test breaks the chain as such
 * a person would, checks that the service and the offline verifier (on an export, the checkpoints
 * file and the public key) give the same answer, and puts the rows back.
 */
@QuarkusTest
@TestProfile(CheckpointVerificationTest.OwnEvidence.class)
class CheckpointVerificationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final Path EVIDENCE = Path.of("target", "audit-evidence", "checkpoint-verification");

    public static class OwnEvidence implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            deleteFolder(EVIDENCE);
            return Map.of("quarkus.datasource.jdbc.url", TestDatabases.fresh("aigov_checkpoint_verification"),
                    "aigov.audit.checkpoint.directory", EVIDENCE.toString());
        }
    }

    @Inject
    AuditTable auditTable;

    @Inject
    Checkpoints checkpoints;

    @Inject
    AuditChainVerifier verifier;

    private long head;

    @BeforeEach
    void aChainWithACheckpointAtItsHead() {
        for (int i = 0; i < 4; i++) {
            given().contentType(ContentType.JSON).body("""
                    {"name": "checkpoint probe", "dailyRequestVolume": 100, "consistency": "FLEXIBLE", "labeledExamples": 0,
                     "stableMonths": 1, "timeToProductionWeeks": 1, "latencyBudgetMs": 3000, "vocabulary": "STANDARD"}
                    """).post("/api/evaluations").then().statusCode(201);
        }
        head = auditTable.count();
        checkpoints.sign(new AuditChain.Head(head, auditTable.queryText("select hash from audit_log where seq = " + head)));
    }

    @Test
    void anUntouchedChainHoldsAgainstTheLatestCheckpointOnlineAndOffline() throws IOException {
        given().get("/api/audit/verify").then().statusCode(200).body("ok", equalTo(true)).body("count", equalTo((int) head))
                .body("checkpoint.seq", equalTo((int) head)).body("checkpoint.keyId", equalTo(checkpoints.keyId()));
        assertSameAnswerOffline();
        given().get("/api/audit/checkpoints").then().statusCode(200).body("items[0].seq", equalTo((int) head))
                .body("items[0].signature", containsString("="));
        given().get("/api/audit/public-key").then().statusCode(200).header("Key-Id", checkpoints.keyId())
                .body(containsString("-----BEGIN PUBLIC KEY-----"));
    }

    @Test
    void theLastThreeRecordsRewrittenWithRecomputedHashesContradictTheCheckpoint() throws IOException {
        String kept = checkpointAtHead();
        auditTable.tamper("create table audit_log_saved as select * from audit_log where seq > " + (head - 3));
        try {
            for (long seq = head - 2; seq <= head; seq++) {
                auditTable.rewriteVerdict(seq, "PROHIBITED");
            }
            assertTrue(verifier.verify(1, null, null, null, 1).ok(), "without the checkpoint the rewritten chain is consistent");
            given().get("/api/audit/verify").then().body("ok", equalTo(false)).body("problem", equalTo("CHECKPOINT_CONTRADICTED"))
                    .body("brokenAt", equalTo((int) head)).body("checkpoint.seq", equalTo((int) head));
            given().contentType(ContentType.JSON).body(kept).post("/api/audit/verify").then().statusCode(200)
                    .body("ok", equalTo(false)).body("problem", equalTo("CHECKPOINT_CONTRADICTED"));
            assertSameAnswerOffline();

            // Removing the checkpoints from the database does not help: the file outside it keeps them.
            auditTable.tamper("audit_checkpoint", "create table audit_checkpoint_saved as select * from audit_checkpoint");
            auditTable.tamper("audit_checkpoint", "delete from audit_checkpoint");
            try {
                given().get("/api/audit/verify").then().body("problem", equalTo("CHECKPOINT_CONTRADICTED"));
            } finally {
                auditTable.tamper("audit_checkpoint", "insert into audit_checkpoint overriding system value select * from audit_checkpoint_saved");
                auditTable.execute("drop table audit_checkpoint_saved");
            }
        } finally {
            restore();
        }
        given().get("/api/audit/verify").then().body("ok", equalTo(true));
    }

    @Test
    void theTailCutOffIsReportedAsTruncated() throws IOException {
        auditTable.tamper("create table audit_log_saved as select * from audit_log where seq > " + (head - 2));
        try {
            auditTable.tamper("delete from audit_log where seq > " + (head - 2));
            assertTrue(verifier.verify(1, null, null, null, 1).ok(), "without the checkpoint a shorter chain is consistent");
            given().get("/api/audit/verify").then().body("ok", equalTo(false)).body("problem", equalTo("CHAIN_TRUNCATED"))
                    .body("brokenAt", equalTo((int) head - 1)).body("count", equalTo((int) head - 2));
            assertSameAnswerOffline();
        } finally {
            restore();
        }
        given().get("/api/audit/verify").then().body("ok", equalTo(true));
    }

    /**
     * A range after the latest checkpoint answers for itself: a record altered between the checkpoint
     * and the range is not reported as the range's break, and what breaks inside the range is named
     * where it is. The checkpoint lies outside the range, so it is not what the range was checked
     * against.
     */
    @Test
    void aRangeAfterTheCheckpointNamesItsOwnBreaksOnly() {
        for (int i = 0; i < 4; i++) {
            given().contentType(ContentType.JSON).body("""
                    {"name": "range probe", "dailyRequestVolume": 100, "consistency": "FLEXIBLE", "labeledExamples": 0,
                     "stableMonths": 1, "timeToProductionWeeks": 1, "latencyBudgetMs": 3000, "vocabulary": "STANDARD"}
                    """).post("/api/evaluations").then().statusCode(201);
        }
        long before = head + 1;
        long from = head + 2;
        auditTable.tamper("update audit_log set verdict = 'PROHIBITED' where seq = " + before);
        auditTable.tamper("create table audit_log_saved as select * from audit_log where seq > " + from);
        try {
            given().get("/api/audit/verify").then().body("ok", equalTo(false)).body("problem", equalTo("CONTENT_ALTERED"))
                    .body("brokenAt", equalTo((int) before));
            given().queryParam("fromSeq", from).get("/api/audit/verify").then().statusCode(200).body("ok", equalTo(true))
                    .body("count", equalTo(3)).body("head.seq", equalTo((int) head + 4)).body("checkpoint", nullValue());

            auditTable.tamper("delete from audit_log where seq = " + (from + 1));
            given().queryParam("fromSeq", from).get("/api/audit/verify").then().body("ok", equalTo(false))
                    .body("problem", equalTo("RECORD_MISSING")).body("brokenAt", equalTo((int) from + 1)).body("count", equalTo(1));
            restore();

            auditTable.tamper("create table audit_log_saved as select * from audit_log where seq > " + from);
            auditTable.swap(from + 1, from + 2);
            given().queryParam("fromSeq", from).get("/api/audit/verify").then().body("ok", equalTo(false))
                    .body("problem", equalTo("ORDER_CHANGED")).body("brokenAt", equalTo((int) from + 1));
        } finally {
            restore();
            auditTable.tamper("update audit_log set verdict = 'ALLOWED' where seq = " + before);
        }
        given().get("/api/audit/verify").then().body("ok", equalTo(true));
    }

    @Test
    void aCheckpointWithAWrongSignatureIsReported() throws IOException {
        ObjectNode altered = (ObjectNode) JSON.readTree(checkpointAtHead());
        altered.put("seq", head - 1).put("hash", auditTable.queryText("select hash from audit_log where seq = " + (head - 1)));
        given().contentType(ContentType.JSON).body(altered.toString()).post("/api/audit/verify").then().statusCode(200)
                .body("ok", equalTo(false)).body("problem", equalTo("CHECKPOINT_SIGNATURE_INVALID")).body("brokenAt", equalTo((int) head - 1));

        // One forged into the table, with the service's key id.
        auditTable.execute("insert into audit_checkpoint (seq, hash, signed_at, key_id, signature) values (" + (head + 1) + ", '"
                + "a".repeat(64) + "', now(), '" + checkpoints.keyId() + "', '" + altered.get("signature").asText() + "')");
        try {
            given().get("/api/audit/verify").then().body("ok", equalTo(false)).body("problem", equalTo("CHECKPOINT_SIGNATURE_INVALID"))
                    .body("brokenAt", equalTo((int) head + 1));
        } finally {
            auditTable.tamper("audit_checkpoint", "delete from audit_checkpoint where seq = " + (head + 1));
        }

        // And one forged into the file.
        Path copy = Files.copy(checkpoints.file(), EVIDENCE.resolve("forged-checkpoints.jsonl"), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(copy, altered + "\n", StandardOpenOption.APPEND);
        JsonNode offline = offline(copy);
        assertEquals("CHECKPOINT_SIGNATURE_INVALID", offline.get("problem").asText());
        assertEquals(head - 1, offline.get("brokenAt").asLong());
    }

    @Test
    void aBodyThatIsNoCheckpointIsABadRequestNamingTheField() {
        given().contentType(ContentType.JSON).body("{\"seq\": 1, \"hash\": \"xyz\"}").post("/api/audit/verify").then().statusCode(400)
                .contentType("application/problem+json").body("violations[0].field", equalTo("hash"));
        given().contentType(ContentType.JSON).body("[]").post("/api/audit/verify").then().statusCode(400)
                .contentType("application/problem+json").body("violations", hasSize(0)).body("stackTrace", nullValue());
    }

    /** The newest checkpoint, as an auditor would have kept it from the API. */
    private String checkpointAtHead() throws IOException {
        JsonNode newest = JSON.readTree(given().get("/api/audit/checkpoints").then().statusCode(200).extract().asString()).get("items").get(0);
        assertEquals(head, newest.get("seq").asLong());
        return newest.toString();
    }

    /** The offline verifier, on an export of the whole log, the checkpoints file and the public key, answers as the service does. */
    private void assertSameAnswerOffline() throws IOException {
        JsonNode online = JSON.readTree(given().get("/api/audit/verify").asString());
        JsonNode offline = offline(checkpoints.file());
        for (String field : new String[] { "ok", "count", "head", "brokenAt", "problem", "detail" }) {
            assertEquals(online.get(field), offline.get(field), field + " online " + online + " offline " + offline);
        }
        assertEquals(online.path("checkpoint").path("seq"), offline.path("checkpoint").path("seq"));
    }

    private JsonNode offline(Path checkpointsFile) throws IOException {
        Path export = Files.write(EVIDENCE.resolve("audit-log.jsonl"), given().queryParam("format", "jsonl").get("/api/audit/export")
                .then().statusCode(200).extract().asByteArray());
        Path publicKey = Files.writeString(EVIDENCE.resolve("public-key.pem"), given().get("/api/audit/public-key").asString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        OfflineVerification.run(List.of(export.toString(), checkpointsFile.toString(), publicKey.toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals("", err.toString(StandardCharsets.UTF_8));
        return JSON.readTree(out.toString(StandardCharsets.UTF_8));
    }

    private void restore() {
        auditTable.tamper("delete from audit_log where seq in (select seq from audit_log_saved)");
        auditTable.tamper("insert into audit_log select * from audit_log_saved");
        auditTable.execute("drop table audit_log_saved");
    }

    static void deleteFolder(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (var paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
