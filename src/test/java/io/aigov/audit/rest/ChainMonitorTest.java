package io.aigov.audit.rest;

import static io.aigov.support.Answers.expect;
import static io.aigov.support.Answers.json;
import static io.aigov.support.Eventually.awaitTrue;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.aigov.database.TestDatabases;
import io.aigov.support.AuditTable;
import io.aigov.support.CapturedLog;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The chain is verified in the background: a record a superuser alters shows in the health check,
 * the metrics and the log within a minute, while evaluations go on being answered and recorded;
 * once the record is put back, the chain holds again. Verified heads are signed as checkpoints.
 */
@QuarkusTest
@TestProfile(ChainMonitorTest.Watched.class)
class ChainMonitorTest {

    static final Path EVIDENCE = Path.of("target", "audit-evidence", "chain-monitor");

    public static class Watched implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            CheckpointVerificationTest.deleteFolder(EVIDENCE);
            return Map.of("quarkus.datasource.jdbc.url", TestDatabases.fresh("aigov_chain_monitor"),
                    "aigov.audit.checkpoint.directory", EVIDENCE.toString(),
                    "aigov.audit.checkpoint.interval", "1s",
                    "aigov.audit.monitor.enabled", "true",
                    "aigov.audit.monitor.interval", "1s",
                    "aigov.audit.monitor.full-interval", "5s");
        }
    }

    @Inject
    AuditTable auditTable;

    @Test
    void anAlteredRecordShowsInHealthMetricsAndLogWithinAMinuteWhileEvaluationsGoOn() throws Exception {
        for (int i = 0; i < 5; i++) {
            evaluate();
        }
        long head = auditTable.count();
        awaitTrue("the head verified and signed", Duration.ofSeconds(30), () -> chainCheck().getInt("data.verifiedSeq") == head
                && given().get("/api/audit/checkpoints").then().extract().path("items[0].seq").equals((int) head));
        assertTrue(Files.readString(EVIDENCE.resolve("checkpoints.jsonl")).contains("\"seq\":" + head), "the checkpoint is in the file too");
        assertEquals("UP", chainCheck().getString("status"));

        // The first of the evaluations above; the records before them are the start-up's events.
        long target = head - 4;
        CapturedLog log = CapturedLog.of("io.aigov.audit");
        auditTable.tamper("update audit_log set verdict = 'PROHIBITED' where seq = " + target);
        long altered = System.nanoTime();
        try {
            awaitTrue("the altered record reported", Duration.ofMinutes(1), () -> "DOWN".equals(chainCheck().getString("status")));
            JsonPath check = chainCheck();
            assertEquals(target, check.getInt("data.brokenAt"));
            assertEquals("CONTENT_ALTERED", check.getString("data.problem"));
            awaitTrue("the error logged", Duration.ofSeconds(5), () -> log.errorContaining("broken at seq " + target + ": CONTENT_ALTERED"));
            String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
            assertTrue(metrics.contains("aigov_audit_chain_intact 0.0"), metrics);
            assertTrue(metrics.contains("aigov_audit_chain_broken_at " + target + ".0"), metrics);
            assertTrue(System.nanoTime() - altered < Duration.ofMinutes(1).toNanos());

            // Evaluations are still answered and recorded; the service stays ready.
            long before = auditTable.count();
            evaluate();
            assertEquals(before + 1, auditTable.count());
            given().get("/q/health/ready").then().statusCode(200);
            given().get("/q/health").then().statusCode(503);
        } finally {
            auditTable.tamper("update audit_log set verdict = 'ALLOWED' where seq = " + target);
            log.close();
        }
        awaitTrue("the chain holding again", Duration.ofSeconds(30), () -> "UP".equals(chainCheck().getString("status")));
        given().get("/q/health").then().statusCode(200);
    }

    private static JsonPath chainCheck() {
        return new JsonPath(given().get("/q/health").asString()).setRootPath("checks.find { it.name == 'audit-chain' }");
    }

    private static void evaluate() {
        assertEquals("ALLOWED", json(expect(201, given().contentType(ContentType.JSON).body("""
                {"name": "monitor probe", "dailyRequestVolume": 100, "consistency": "FLEXIBLE", "labeledExamples": 0,
                 "stableMonths": 1, "timeToProductionWeeks": 1, "latencyBudgetMs": 3000, "vocabulary": "STANDARD"}
                """).post("/api/evaluations"))).path("verdict").asText());
    }
}
