package io.aigov.audit.stream;

import static io.aigov.support.Eventually.awaitTrue;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.aigov.audit.AuditChain;
import io.aigov.database.TestDatabases;
import io.aigov.support.AuditTable;
import io.aigov.support.SiemStandIn;
import io.aigov.support.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * Every audit record reaches the SIEM's webhook, in chain order, however long the webhook is down
 * or failing: delivery waits and retries, and evaluations never wait for it.
 */
@QuarkusTest
@TestProfile(AuditStreamTest.ToAWebhook.class)
class AuditStreamTest {

    private static final SiemStandIn SIEM = new SiemStandIn();

    public static class ToAWebhook implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.jdbc.url", TestDatabases.fresh("aigov_audit_stream"),
                    "aigov.audit.stream.sink", "webhook",
                    "aigov.audit.stream.webhook-url", SIEM.url(),
                    "aigov.audit.stream.webhook-authorization", "Bearer siem-token",
                    "aigov.audit.stream.batch-size", "4",
                    "aigov.audit.stream.poll-interval", "100ms",
                    "aigov.audit.stream.retry-initial-delay", "100ms",
                    "aigov.audit.stream.retry-max-delay", "400ms");
        }
    }

    @Inject
    AuditTable auditTable;

    @AfterAll
    static void stopTheSiem() {
        SIEM.stop();
    }

    @Test
    void everyRecordArrivesInOrderAfterTheWebhookWasDownAndFailing() throws Exception {
        // The SIEM is down: nothing listens. Every evaluation is answered all the same, before the
        // SIEM ever takes a record, so none waited for it.
        for (int i = 0; i < 10; i++) {
            evaluate();
        }
        long head = auditTable.count();
        awaitTrue("failed deliveries counted and the lag shown", Duration.ofSeconds(20),
                () -> metric("aigov_audit_stream_failures_total") >= 2 && metric("aigov_audit_stream_lag_records") == head);

        SIEM.start();
        awaitTrue("every record delivered", Duration.ofSeconds(30), () -> SIEM.received().size() >= head);
        assertEquals(LongStream.rangeClosed(1, head).boxed().toList(), seqs(), "each record once, in order");

        // Now it fails for a while, answering 503, while more evaluations come in.
        SIEM.refuse(5);
        for (int i = 0; i < 7; i++) {
            evaluate();
        }
        TestUsers.as(TestUsers.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("username", "siem-probe", "password", "a-long-enough-password", "roles", List.of("submitter")))
                .post("/api/users").then().statusCode(201);
        long newHead = auditTable.count();
        awaitTrue("every record delivered after the failures", Duration.ofSeconds(30), () -> SIEM.received().size() >= newHead);
        assertEquals(LongStream.rangeClosed(1, newHead).boxed().toList(), seqs(), "each record once, in order");
        assertEquals(0, SIEM.refusalsLeft());
        awaitTrue("no lag left", Duration.ofSeconds(10), () -> metric("aigov_audit_stream_lag_records") == 0);
        assertEquals(String.valueOf(newHead), auditTable.queryText("select delivered_seq from audit_stream_position"));
        assertEquals("webhook http://localhost:" + SIEM.port() + "/siem", auditTable.queryText("select sink from audit_stream_position"),
                "the token in the address is not kept");

        // What arrives is the record as the JSON Lines export has it, its hash checkable.
        JsonNode last = SIEM.received().get(SIEM.received().size() - 2);
        assertEquals(last.get("hash").asText(), AuditChain.hash(last.get("prevHash").asText(), last.get("canonical").asText()));
        assertEquals("stream probe", last.get("name").asText());
        assertTrue(SIEM.authorizations().stream().allMatch("Bearer siem-token"::equals), SIEM.authorizations().toString());
        // Not only evaluations: the first activation of the rules and every account change too.
        assertTrue(SIEM.received().stream().anyMatch(record -> record.path("kind").asText().equals("RULESET_EVENT")
                && record.get("event").get("type").asText().equals("ACTIVATED")), "the rules' first activation");
        assertTrue(SIEM.received().stream().anyMatch(record -> record.path("kind").asText().equals("USER_EVENT")
                && record.get("event").get("details").get("username").asText().equals("siem-probe")), "the account created above");
    }

    private static List<Long> seqs() {
        List<Long> seqs = new ArrayList<>();
        SIEM.received().forEach(record -> seqs.add(record.get("seq").asLong()));
        return seqs;
    }

    private static double metric(String name) {
        for (String line : given().get("/q/metrics").asString().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return Double.NaN;
    }

    private static void evaluate() {
        given().contentType(ContentType.JSON).body("""
                {"name": "stream probe", "dailyRequestVolume": 100, "consistency": "FLEXIBLE", "labeledExamples": 0,
                 "stableMonths": 1, "timeToProductionWeeks": 1, "latencyBudgetMs": 3000, "vocabulary": "STANDARD"}
                """).post("/api/evaluations").then().statusCode(201);
    }
}
