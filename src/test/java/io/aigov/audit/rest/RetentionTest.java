package io.aigov.audit.rest;

import static io.aigov.support.Eventually.awaitTrue;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.aigov.audit.AuditChain;
import io.aigov.audit.AuditChainVerifier.Problem;
import io.aigov.audit.AuditChainVerifier.Result;
import io.aigov.audit.OfflineVerification;
import io.aigov.database.TestDatabases;
import io.aigov.support.AuditTable;
import io.aigov.support.SiemStandIn;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The chain lives in partitions of consecutive records. Nothing removes a record while its kind's
 * retention lasts; an expired partition is archived as a verified export, oldest first, and only
 * then detached, after which the chain in the database verifies from the record after the
 * archive, and the export with the archive verifies offline as the whole chain.
 */
@QuarkusTest
@TestProfile(RetentionTest.SmallPartitions.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RetentionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final Path ARCHIVE = Path.of("target", "audit-archive", "retention");
    static final Path EVIDENCE = Path.of("target", "audit-evidence", "retention");
    private static final String OLDEST = "audit_log_p000000000001";
    /** The SIEM the chain is streamed to: down at first, so nothing is delivered until the test starts it. */
    private static final SiemStandIn SIEM = new SiemStandIn();

    public static class SmallPartitions implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            CheckpointVerificationTest.deleteFolder(ARCHIVE);
            CheckpointVerificationTest.deleteFolder(EVIDENCE);
            return Map.ofEntries(Map.entry("quarkus.datasource.jdbc.url", TestDatabases.fresh("aigov_retention")),
                    Map.entry("aigov.audit.retention.partition-size", "4"),
                    Map.entry("aigov.audit.retention.periods.evaluation", "P1D"),
                    Map.entry("aigov.audit.retention.periods.ruleset_event", "P0D"),
                    Map.entry("aigov.audit.retention.periods.user_event", "P0D"),
                    Map.entry("aigov.audit.retention.archive-directory", ARCHIVE.toString()),
                    Map.entry("aigov.audit.checkpoint.directory", EVIDENCE.toString()),
                    // The one sink of earlier versions' setting, which still works.
                    Map.entry("aigov.audit.stream.sink", "webhook"),
                    Map.entry("aigov.audit.stream.webhook-url", SIEM.url()),
                    Map.entry("aigov.audit.stream.poll-interval", "100ms"),
                    Map.entry("aigov.audit.stream.retry-initial-delay", "100ms"),
                    Map.entry("aigov.audit.stream.retry-max-delay", "400ms"));
        }
    }

    @AfterAll
    static void stopTheSiem() {
        SIEM.stop();
    }

    @Inject
    AuditTable auditTable;

    @Test
    @Order(1)
    void anExpiredPartitionIsArchivedVerifiedAndDetachedOldestFirstAndTheChainStillVerifies() throws Exception {
        // The start-up wrote events (the rules' first activation, the accounts), kept for no time at all here.
        long startUp = auditTable.count();
        assertTrue(startUp > 0);
        fourRecordsFromThreeDaysAgo(startUp);
        for (int i = 0; i < 6; i++) {
            given().contentType(ContentType.JSON).body("""
                    {"name": "retention probe", "dailyRequestVolume": 100, "consistency": "FLEXIBLE", "labeledExamples": 0,
                     "stableMonths": 1, "timeToProductionWeeks": 1, "latencyBudgetMs": 3000, "vocabulary": "STANDARD"}
                    """).post("/api/evaluations").then().statusCode(201);
        }
        long head = auditTable.count();
        assertEquals(startUp + 10, head);
        long firstRecent = startUp + 5;

        // Partitions before the first recent evaluation hold only expired records; the one holding it does not.
        JsonPath listed = given().get("/api/audit/partitions").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> partitions = listed.getList("partitions");
        assertEquals(OLDEST, partitions.get(0).get("name"));
        assertEquals(1, partitions.get(0).get("fromSeq"));
        assertEquals(5, partitions.get(0).get("toSeq"));
        assertEquals(4, partitions.get(0).get("records"));
        List<String> expired = new ArrayList<>();
        for (Map<String, Object> partition : partitions) {
            boolean beforeRecent = ((Number) partition.get("toSeq")).longValue() <= firstRecent;
            assertEquals(beforeRecent, partition.get("expired"), partition.toString());
            if (beforeRecent) {
                expired.add((String) partition.get("name"));
            }
        }
        assertTrue(expired.size() >= 2, "start-up events and the old evaluations fill at least two partitions: " + partitions);
        String second = expired.get(1);
        String retained = (String) partitions.get(expired.size()).get("name");

        // Within retention nothing removes a record, not even from a partition directly.
        assertThrows(IllegalStateException.class, () -> auditTable.execute("delete from " + OLDEST + " where seq = 1"));
        assertThrows(IllegalStateException.class, () -> auditTable.execute("truncate " + OLDEST));
        given().post("/api/audit/partitions/" + second + "/archive").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("oldest first"));
        given().post("/api/audit/partitions/audit_log_p999999999999/archive").then().statusCode(404);
        given().post("/api/audit/partitions/audit_log;drop/archive").then().statusCode(400)
                .body("violations[0].field", equalTo("name"));

        // Records the SIEM does not have yet stay in the chain, expired or not.
        given().post("/api/audit/partitions/" + OLDEST + "/archive").then().statusCode(409)
                .body("detail", containsString("not yet delivered to the SIEM sink"));
        SIEM.start();
        // What counts is the position acknowledged, which moves just after the SIEM answered.
        awaitTrue("the SIEM has the whole chain", Duration.ofSeconds(30),
                () -> String.valueOf(head).equals(auditTable.queryText("select delivered_seq from audit_stream_position")));

        JsonPath archived = given().post("/api/audit/partitions/" + OLDEST + "/archive").then().log().ifValidationFails().statusCode(200).extract().jsonPath();
        assertEquals(1, archived.getInt("firstSeq"));
        assertEquals(4, archived.getInt("lastSeq"));
        assertEquals(4, archived.getInt("records"));
        assertEquals(auditTable.queryText("select last_hash from audit_archive"), archived.getString("lastHash"));
        Path file = Path.of(archived.getString("file"));
        assertEquals(4, Files.readAllLines(file).size());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))),
                archived.getString("fileSha256"));
        assertEquals("0", auditTable.queryText("select count(*) from pg_inherits where inhrelid = '" + OLDEST + "'::regclass"),
                "detached from the chain");
        assertEquals("4", auditTable.queryText("select count(*) from " + OLDEST), "the detached table stays until someone drops it");

        given().get("/api/audit/verify").then().body("ok", equalTo(true)).body("count", equalTo((int) head - 4))
                .body("head.seq", equalTo((int) head));
        given().get("/api/audit/partitions").then().body("archived[0].partitionName", equalTo(OLDEST))
                .body("partitions[0].name", equalTo(second));

        // The other expired partitions go the same way, oldest first; the next one is still retained.
        List<Path> archives = new ArrayList<>(List.of(file));
        for (String name : expired.subList(1, expired.size())) {
            archives.add(Path.of(given().post("/api/audit/partitions/" + name + "/archive").then().statusCode(200).extract().<String>path("file")));
        }
        given().post("/api/audit/partitions/" + retained + "/archive").then().statusCode(409)
                .body("detail", containsString("retained until"));
        long archivedRecords = 4L * expired.size();
        given().get("/api/audit/verify").then().body("ok", equalTo(true)).body("count", equalTo((int) (head - archivedRecords)));

        // Offline, the export and the archives are the whole chain; the export alone misses its start.
        Path export = Files.write(ARCHIVE.resolve("export.jsonl"), given().queryParam("format", "jsonl").get("/api/audit/export")
                .then().statusCode(200).extract().asByteArray());
        Path checkpoints = Files.writeString(ARCHIVE.resolve("no-checkpoints.jsonl"), "");
        Path publicKey = Files.writeString(ARCHIVE.resolve("public-key.pem"), given().get("/api/audit/public-key").asString());
        List<Path> whole = new ArrayList<>(List.of(export));
        whole.addAll(archives);
        Result verified = OfflineVerification.verify(whole, checkpoints, publicKey);
        assertTrue(verified.ok(), verified.toString());
        assertEquals(head, verified.count());
        Result partial = OfflineVerification.verify(List.of(export), checkpoints, publicKey);
        assertEquals(Problem.RECORD_MISSING, partial.problem());
        assertEquals(1, partial.brokenAt());

        // Removing the records of the archives from the database does not hide the missing start.
        auditTable.tamper("audit_archive", "create table audit_archive_saved as select * from audit_archive");
        auditTable.tamper("audit_archive", "delete from audit_archive");
        try {
            given().get("/api/audit/verify").then().body("ok", equalTo(false)).body("problem", equalTo("RECORD_MISSING"))
                    .body("brokenAt", equalTo(1));
        } finally {
            auditTable.tamper("audit_archive", "insert into audit_archive overriding system value select * from audit_archive_saved");
            auditTable.execute("drop table audit_archive_saved");
        }
    }

    /**
     * A search reads the chain's ranges newest first, a few partitions at a time: across dozens of
     * partitions of four records (and the ones archived above), every page holds the next matches
     * in chain order, none twice or left out, with the right total.
     */
    @Test
    @Order(2)
    void searchesOverManyPartitionsListEveryMatchOnceNewestFirst() {
        for (int i = 0; i < 30; i++) {
            given().contentType(ContentType.JSON).body("""
                    {"name": "%s", "dailyRequestVolume": 100, "consistency": "FLEXIBLE", "labeledExamples": 0,
                     "stableMonths": 1, "timeToProductionWeeks": 1, "latencyBudgetMs": 3000, "vocabulary": "STANDARD"}
                    """.formatted(i % 3 == 0 ? "paged probe" : "other probe")).post("/api/evaluations").then().statusCode(201);
        }
        List<String> expected = given().queryParam("format", "jsonl").queryParam("q", "paged probe").get("/api/audit/export")
                .then().statusCode(200).extract().asString().lines().map(line -> new JsonPath(line).getString("id")).toList();
        assertEquals(10, expected.size());
        List<Long> seqs = given().queryParam("format", "jsonl").queryParam("q", "paged probe").get("/api/audit/export")
                .then().extract().asString().lines().map(line -> new JsonPath(line).getLong("seq")).toList();
        assertTrue(seqs.get(0) - seqs.get(seqs.size() - 1) > 5 * 4, "the matches lie across many partitions: " + seqs);
        for (int size : new int[] { 1, 3, 7, 100 }) {
            List<String> paged = new ArrayList<>();
            for (int page = 0; paged.size() < expected.size() && page <= expected.size(); page++) {
                JsonPath found = given().queryParam("q", "paged probe").queryParam("size", size).queryParam("page", page)
                        .get("/api/audit").then().statusCode(200).extract().jsonPath();
                assertEquals(10, found.getInt("total"));
                assertTrue(found.getBoolean("totalExact"));
                paged.addAll(found.getList("items.id"));
            }
            assertEquals(expected, paged, "pages of " + size);
            given().queryParam("q", "paged probe").queryParam("size", size).queryParam("page", (expected.size() + size - 1) / size)
                    .get("/api/audit").then().body("items", org.hamcrest.Matchers.empty()).body("total", equalTo(10));
        }
        given().queryParam("q", "no such probe").get("/api/audit").then().body("total", equalTo(0)).body("totalExact", equalTo(true));
        int all = given().queryParam("size", 100).get("/api/audit").then().extract().path("total");
        assertEquals(auditTable.count(), all, "every record still attached, counted exactly below 1,000");
    }

    /** Evaluations written three days ago, chained after the head as the service chains them. */
    private void fourRecordsFromThreeDaysAgo(long head) throws IOException {
        String version = auditTable.queryText("select ruleset_version from active_ruleset");
        String prevHash = auditTable.queryText("select hash from audit_log where seq = " + head);
        // Written beside the service, so the partitions for them are made here, as the service makes its own.
        auditTable.queryText("select audit_log_partition_for(" + (head + 4) + ", 4)");
        for (long seq = head + 1; seq <= head + 4; seq++) {
            ObjectNode content = JSON.createObjectNode();
            content.put("id", UUID.randomUUID().toString());
            content.put("evaluatedAt", Instant.now().minus(Duration.ofDays(3)).plusSeconds(seq).truncatedTo(ChronoUnit.MILLIS).toString());
            content.put("requestedBy", "tester");
            content.put("rulesetVersion", version);
            content.put("name", "old evaluation " + seq);
            content.put("approach", "PROMPTING");
            content.put("ragRecommended", false);
            content.put("verdict", "ALLOWED");
            content.putObject("scores").put("prompting", 0.75).put("fineTuning", 0.25);
            content.putArray("exposures");
            content.putArray("firedRules");
            content.putArray("warnings");
            content.set("input", JSON.readTree("{\"name\": \"old evaluation " + seq + "\"}"));
            content.putArray("maskedFields");
            String canonical = AuditChain.canonical(content);
            String hash = AuditChain.hash(prevHash, canonical);
            auditTable.insert(content, seq, prevHash, hash, canonical);
            prevHash = hash;
        }
    }
}
