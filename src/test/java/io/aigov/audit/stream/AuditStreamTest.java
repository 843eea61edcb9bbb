package io.aigov.audit.stream;

import static io.aigov.support.Answers.expect;
import static io.aigov.support.Eventually.awaitTrue;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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
 * Every audit record reaches each configured sink, here a file and a SIEM's webhook, in chain order,
 * however long the webhook is down or failing: each sink is delivered to on its own, so the file
 * goes on receiving while the webhook waits and retries, and evaluations wait for neither.
 */
@QuarkusTest
@TestProfile(AuditStreamTest.ToAFileAndAWebhook.class)
class AuditStreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SiemStandIn SIEM = new SiemStandIn();
    private static final Path FILE = Path.of("target", "audit-stream", "audit.jsonl");

    public static class ToAFileAndAWebhook implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Files.deleteIfExists(FILE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("quarkus.datasource.jdbc.url", TestDatabases.fresh("aigov_audit_stream"),
                    "aigov.audit.stream.sinks", "file,webhook",
                    "aigov.audit.stream.file", FILE.toString(),
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
    void eachSinkGetsEveryRecordInOrderAndAWebhookThatIsDownHoldsBackNoOther() throws Exception {
        // The SIEM is down: nothing listens. Every evaluation is answered all the same, before the
        // SIEM ever takes a record, so none waited for it; the file has them all meanwhile.
        for (int i = 0; i < 10; i++) {
            evaluate();
        }
        long head = auditTable.count();
        awaitTrue("the file has every record while the webhook is down", Duration.ofSeconds(30),
                () -> fileSeqs().equals(LongStream.rangeClosed(1, head).boxed().toList()));
        awaitTrue("the webhook's failed deliveries counted and its lag shown, the file's gone", Duration.ofSeconds(20),
                () -> metric("aigov_audit_stream_failures_total", "webhook") >= 2 && metric("aigov_audit_stream_lag_records", "webhook") == head
                        && metric("aigov_audit_stream_lag_records", "file") == 0);
        assertEquals(0, metric("aigov_audit_stream_failures_total", "file"));
        assertEquals(String.valueOf(head), auditTable.queryText("select delivered_seq from audit_stream_position where sink like 'file %'"));

        // Up again, the webhook catches up from where it stood.
        SIEM.start();
        awaitTrue("every record delivered to the webhook", Duration.ofSeconds(30), () -> SIEM.received().size() >= head);
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
        awaitTrue("the file has every record", Duration.ofSeconds(30),
                () -> fileSeqs().equals(LongStream.rangeClosed(1, newHead).boxed().toList()));
        assertEquals(0, SIEM.refusalsLeft());
        awaitTrue("no lag left", Duration.ofSeconds(10),
                () -> metric("aigov_audit_stream_lag_records", "webhook") == 0 && metric("aigov_audit_stream_lag_records", "file") == 0);
        awaitTrue("both positions at the head", Duration.ofSeconds(10), () -> String.valueOf(newHead).equals(
                auditTable.queryText("select string_agg(distinct delivered_seq::text, ',') from audit_stream_position")));
        assertEquals("file " + FILE.toAbsolutePath() + ",webhook http://localhost:" + SIEM.port() + "/siem",
                auditTable.queryText("select string_agg(sink, ',' order by sink) from audit_stream_position"),
                "one position per sink, the token in the webhook's address not kept");

        // What arrives is the record as the JSON Lines export has it, its hash checkable.
        JsonNode last = SIEM.received().get(SIEM.received().size() - 2);
        assertEquals(last.get("hash").asText(), AuditChain.hash(last.get("prevHash").asText(), last.get("canonical").asText()));
        assertEquals("stream probe", last.get("name").asText());
        assertEquals(last, JSON.readTree(Files.readAllLines(FILE).get((int) newHead - 2)), "the file has the same line");
        assertTrue(SIEM.authorizations().stream().allMatch("Bearer siem-token"::equals), SIEM.authorizations().toString());
        // Not only evaluations: the first activation of the rules and every account change too.
        assertTrue(SIEM.received().stream().anyMatch(record -> record.path("kind").asText().equals("RULESET_EVENT")
                && record.get("event").get("type").asText().equals("ACTIVATED")), "the rules' first activation");
        assertTrue(SIEM.received().stream().anyMatch(record -> record.path("kind").asText().equals("USER_EVENT")
                && record.get("event").get("details").get("username").asText().equals("siem-probe")), "the account created above");
    }

    private static List<Long> fileSeqs() {
        List<Long> seqs = new ArrayList<>();
        try {
            for (String line : Files.exists(FILE) ? Files.readAllLines(FILE) : List.<String>of()) {
                seqs.add(JSON.readTree(line).get("seq").asLong());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return seqs;
    }

    private static List<Long> seqs() {
        List<Long> seqs = new ArrayList<>();
        SIEM.received().forEach(record -> seqs.add(record.get("seq").asLong()));
        return seqs;
    }

    /** The metric's value for one sink. */
    private static double metric(String name, String sink) {
        for (String line : given().get("/q/metrics").asString().split("\n")) {
            if (line.startsWith(name + "{") && line.contains("sink=\"" + sink + "\"")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return Double.NaN;
    }

    private static void evaluate() {
        expect(201, given().contentType(ContentType.JSON).body("""
                {"name": "stream probe", "dailyRequestVolume": 100, "consistency": "FLEXIBLE", "labeledExamples": 0,
                 "stableMonths": 1, "timeToProductionWeeks": 1, "latencyBudgetMs": 3000, "vocabulary": "STANDARD"}
                """).post("/api/evaluations"));
    }
}
