package io.aigov.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.management.GarbageCollectionNotificationInfo;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import io.aigov.audit.AuditChain;
import io.aigov.audit.AuditLog;
import io.aigov.audit.AuditRecord;
import io.aigov.audit.config.AuditConfig;
import io.aigov.decision.engine.Decision;
import io.aigov.decision.engine.DecisionEngine;
import io.aigov.decision.golden.GoldenCaseRun;
import io.aigov.decision.model.FiredRule;
import io.aigov.decision.model.UseCase;
import io.aigov.decision.rulefile.RuleFile;
import io.aigov.decision.ruleset.RulesetCandidate;
import io.aigov.evaluation.service.EvaluationService;
import io.aigov.ruleset.config.RulesConfig;
import io.aigov.ruleset.service.ActiveRuleset;
import io.aigov.support.TestUsers;

/**
 * The audit log at a million records (docs/performance.md): a filtered search page, a full CSV
 * export with the heap it took, verifying the whole chain, and sustained POST /api/evaluations
 * throughput and latency with concurrent clients next to the raw PostgreSQL insert rate of rows of
 * the same size into a table of the same shape. The log is seeded as a valid chain (every hash computed as the
 * service does) from evaluations of the golden cases with varied names, descriptions and users, so
 * the verifier has real work. Not part of the test run: the bench profile runs it.
 */
@QuarkusTest
class AuditScaleBenchmark {

    private static final int RECORDS = Integer.getInteger("bench.records", 1_000_000);
    private static final int CLIENTS = Integer.getInteger("bench.clients", 4);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 20);
    /** What to measure after seeding: some of search, export, verify and load (all by default). */
    private static final List<String> PHASES = List.of(System.getProperty("bench.phases", "search,export,verify,load").split(","));
    private static final int SEARCH_RUNS = 21;
    private static final int COPY_BATCH = 10_000;
    private static final String[] TEAMS = {"claims", "underwriting", "payroll", "radiology", "procurement", "support", "legal",
            "marketing", "treasury", "recruiting"};
    private static final String[] USERS = {"alice", "bob", "carol", "dmitri", "erin", "farah", "gus", "hana"};
    private static final String COLUMNS = "id, seq, prev_hash, hash, evaluated_at, requested_by, ruleset_version, use_case_name,"
            + " approach, verdict, rag_recommended, score_prompting, score_fine_tuning, input, masked_fields, exposures, fired_rules, warnings,"
            + " canonical";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SIGN_IN = "Basic " + Base64.getEncoder()
            .encodeToString((TestUsers.TESTER + ":" + TestUsers.password(TestUsers.TESTER)).getBytes(StandardCharsets.UTF_8));

    @Inject
    EvaluationService evaluations;
    @Inject
    AuditLog auditLog;
    @Inject
    DataSource dataSource;
    @Inject
    AuditConfig auditConfig;
    @Inject
    ActiveRuleset activeRuleset;
    @Inject
    RulesConfig rulesConfig;
    @TestHTTPResource("/")
    URL base;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void auditLogAtAMillionRecords() throws Exception {
        List<AuditRecord> templates = new ArrayList<>();
        for (RuleFile file : RulesetCandidate.fromDirectory(Path.of("rules")).goldenCases()) {
            templates.add(evaluations.evaluate(GoldenCaseRun.read(file).input(), TestUsers.TESTER));
        }
        long seeding = System.nanoTime();
        seed(templates, RECORDS - templates.size());
        execute("analyze audit_log");
        System.out.printf("BENCH seeded %,d chained audit records in %d s%n", RECORDS - templates.size(),
                (System.nanoTime() - seeding) / 1_000_000_000);
        execute("checkpoint");

        if (PHASES.contains("search")) {
            // A rule that fires for few of the use cases, as an auditor would look for.
            Map<String, Long> firings = templates.stream().flatMap(t -> t.outcome.firedRules().stream())
                    .collect(Collectors.groupingBy(FiredRule::name, Collectors.counting()));
            String rule = Collections.min(firings.entrySet(), Map.Entry.comparingByValue()).getKey();
            search("newest page", "size=50");
            search("verdict", "verdict=BOARD_REVIEW&size=50");
            search("regime and level", "regime=HIPAA&level=HIGH&size=50");
            search("fired rule, one month", "rule=" + rule.replace(" ", "%20") + "&from=" + Instant.now().minus(30, ChronoUnit.DAYS) + "&size=50");
            search("requested by", "requestedBy=carol&size=50");
            search("text", "q=radiology&size=50");
            search("text and verdict, deep page", "q=payroll&verdict=ALLOWED&page=40&size=50");
            consoleSearch("console page, newest", "");
            consoleSearch("console page, verdict and regime", "verdict=BOARD_REVIEW&regime=EU_AI_ACT");
            consoleSearch("console page, text, deep page", "q=payroll&verdict=ALLOWED&page=40");
        }
        if (PHASES.contains("export")) {
            export();
        }
        if (PHASES.contains("verify")) {
            verify();
        }
        if (PHASES.contains("load")) {
            engineAlone(templates.get(0).input);
            double appends = appendAlone(templates.get(0));
            double throughput = postThroughput();
            double raw = rawInsertRate();
            System.out.printf("BENCH audit appends / raw insert rate = %.2f; POST throughput / raw insert rate = %.2f%n", appends / raw,
                    throughput / raw);
        }
    }

    /** Appends records after the current head, chained exactly as the service chains them, with COPY. */
    private void seed(List<AuditRecord> templates, int count) throws Exception {
        AuditChain.Head head = auditLog.head().orElseThrow();
        long seq = head.seq();
        String previous = head.hash();
        Instant start = Instant.now().minus(count, ChronoUnit.SECONDS).minus(400, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MICROS);
        Random random = new Random(42);
        StringBuilder batch = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            AuditRecord template = templates.get(random.nextInt(templates.size()));
            // About one evaluation every 35 s over a year and more, oldest first as the chain grows.
            String requestedBy = USERS[random.nextInt(USERS.length)];
            String team = TEAMS[random.nextInt(TEAMS.length)];
            ObjectNode input = JSON.valueToTree(template.input);
            input.put("name", template.input.name() + " for " + team + " #" + i);
            input.put("description", "Proposal " + i + " from the " + team + " team: " + template.input.name().toLowerCase()
                    + ", reviewed with " + TEAMS[random.nextInt(TEAMS.length)] + ".");
            AuditRecord record = AuditRecord.ofEvaluation(new UUID(random.nextLong(), random.nextLong()), start.plusMillis(i * 35_000L),
                    requestedBy, JSON.treeToValue(input, UseCase.class), template.maskedFields, template.outcome, null);
            record.seq = ++seq;
            record.prevHash = previous;
            String canonical = AuditChain.canonical(record);
            record.hash = AuditChain.hash(previous, canonical);
            previous = record.hash;
            appendCsv(batch, record, canonical);
            if (i % COPY_BATCH == 0 || i == count) {
                copy(batch.toString());
                batch.setLength(0);
            }
        }
    }

    /** One row as the service writes it, with the canonical text its hash covers. */
    private static void appendCsv(StringBuilder out, AuditRecord r, String canonical) throws IOException {
        Decision d = r.outcome;
        Object[] values = {r.id, r.seq, r.prevHash, r.hash, r.evaluatedAt, r.requestedBy, d.rulesetVersion(), r.useCaseName(),
                d.approach(), d.verdict(), d.ragRecommended(), d.scores().prompting(), d.scores().fineTuning(), JSON.writeValueAsString(r.input),
                JSON.writeValueAsString(r.maskedFields), JSON.writeValueAsString(d.exposures()), JSON.writeValueAsString(d.firedRules()),
                JSON.writeValueAsString(d.warnings()), canonical};
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            if (values[i] != null) {
                out.append('"').append(values[i].toString().replace("\"", "\"\"")).append('"');
            }
        }
        out.append('\n');
    }

    private void copy(String csv) throws SQLException, IOException {
        try (Connection connection = dataSource.getConnection()) {
            // The service makes the chain's partitions ahead of it; records copied in need theirs too.
            try (Statement ahead = connection.createStatement()) {
                long size = auditConfig.retention().partitionSize();
                ahead.execute("select audit_log_partition_for((select coalesce(max(seq), 0) from audit_log) + " + COPY_BATCH + ", " + size + ")");
            }
            connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("copy audit_log (" + COLUMNS + ") from stdin with (format csv)", new StringReader(csv));
        }
    }

    private void search(String label, String query) throws Exception {
        List<Long> micros = new ArrayList<>();
        long total = 0;
        for (int run = 0; run < SEARCH_RUNS; run++) {
            long started = System.nanoTime();
            HttpResponse<String> response = http.send(get("api/audit?" + query), HttpResponse.BodyHandlers.ofString());
            long elapsed = (System.nanoTime() - started) / 1000;
            assertEquals(200, response.statusCode(), response.body());
            total = JSON.readTree(response.body()).path("total").asLong();
            if (run > 0) {
                micros.add(elapsed);
            }
        }
        System.out.printf("BENCH search %-30s %,9d matches: median %.1f ms, max %.1f ms (%d runs)%n", label, total,
                percentile(micros, 0.5) / 1000.0, Collections.max(micros) / 1000.0, micros.size());
    }

    /** The compliance officer's search page in the console: the same query, rendered as HTML. */
    private void consoleSearch(String label, String query) throws Exception {
        List<Long> micros = new ArrayList<>();
        for (int run = 0; run < SEARCH_RUNS; run++) {
            long started = System.nanoTime();
            HttpResponse<String> response = http.send(get("console/audit?" + query), HttpResponse.BodyHandlers.ofString());
            long elapsed = (System.nanoTime() - started) / 1000;
            assertEquals(200, response.statusCode(), response.body());
            assertTrue(response.body().contains("<table"), "a page of results");
            if (run > 0) {
                micros.add(elapsed);
            }
        }
        System.out.printf("BENCH search %-30s median %.1f ms, max %.1f ms (%d runs)%n", label,
                percentile(micros, 0.5) / 1000.0, Collections.max(micros) / 1000.0, micros.size());
    }

    private void export() throws Exception {
        System.gc();
        long before = usedHeap();
        AtomicLong peakUsed = new AtomicLong(before);
        AtomicLong peakAfterGc = new AtomicLong(before);
        AtomicBoolean running = new AtomicBoolean(true);
        // Heap in use after each collection is what the export keeps alive; sampled use also counts garbage not yet collected.
        NotificationListener afterGc = (notification, handback) -> {
            if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                long used = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()).getGcInfo()
                        .getMemoryUsageAfterGc().values().stream().mapToLong(MemoryUsage::getUsed).sum();
                peakAfterGc.accumulateAndGet(used, Math::max);
            }
        };
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) collector).addNotificationListener(afterGc, null, null);
        }
        Thread sampler = new Thread(() -> {
            while (running.get()) {
                peakUsed.accumulateAndGet(usedHeap(), Math::max);
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.start();
        long started = System.nanoTime();
        HttpResponse<InputStream> response = http.send(get("api/audit/export?format=csv"), HttpResponse.BodyHandlers.ofInputStream());
        long bytes = 0;
        long lines = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream body = response.body()) {
            int read;
            while ((read = body.read(buffer)) >= 0) {
                bytes += read;
                for (int i = 0; i < read; i++) {
                    lines += buffer[i] == '\n' ? 1 : 0;
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        running.set(false);
        sampler.join();
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) collector).removeNotificationListener(afterGc);
        }
        assertEquals(200, response.statusCode());
        assertTrue(lines > RECORDS, "a header and a line per record");
        System.out.printf("BENCH export csv: %,d lines, %,d MB in %.1f s; heap %d MB before, peak %d MB after a collection,"
                + " peak %d MB sampled (whole test JVM, max heap %d MB)%n", lines, bytes >> 20, seconds, before >> 20,
                peakAfterGc.get() >> 20, peakUsed.get() >> 20, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax() >> 20);
    }

    private void verify() throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> response = http.send(get("api/audit/verify"), HttpResponse.BodyHandlers.ofString());
        double seconds = (System.nanoTime() - started) / 1e9;
        var result = JSON.readTree(response.body());
        assertTrue(result.path("ok").asBoolean(), response.body());
        System.out.printf("BENCH verify whole chain: %,d records in %.1f s%n", result.path("count").asLong(), seconds);
    }

    /** The rules alone, no HTTP and no audit write: the ceiling for evaluation throughput on this machine. */
    private void engineAlone(UseCase useCase) throws Exception {
        AtomicLong evaluated = new AtomicLong();
        runFor(3, () -> DecisionEngine.evaluate(activeRuleset.current(), useCase, LocalDate.now(), rulesConfig.limits()));
        double seconds = runFor(SECONDS, () -> {
            DecisionEngine.evaluate(activeRuleset.current(), useCase, LocalDate.now(), rulesConfig.limits());
            evaluated.incrementAndGet();
        });
        System.out.printf("BENCH rules alone, %d threads, %d s: %.0f evaluations/s%n", CLIENTS, SECONDS, evaluated.get() / seconds);
    }

    /** The audit write path alone (group commit, chain lock, hash), no HTTP and no rules. */
    private double appendAlone(AuditRecord template) throws Exception {
        AtomicLong appended = new AtomicLong();
        double seconds = runFor(SECONDS, () -> {
            auditLog.append(AuditRecord.ofEvaluation(UUID.randomUUID(), Instant.now().truncatedTo(ChronoUnit.MICROS), null, template.input,
                    template.maskedFields, template.outcome, null));
            appended.incrementAndGet();
        });
        double rate = appended.get() / seconds;
        System.out.printf("BENCH audit append alone, %d threads, %d s: %.0f records/s%n", CLIENTS, SECONDS, rate);
        return rate;
    }

    /** CLIENTS clients posting evaluations back to back: a warm-up, then SECONDS measured. */
    private double postThroughput() throws Exception {
        String body = Files.readString(Path.of("bench/use-case.json"));
        HttpRequest request = HttpRequest.newBuilder(base.toURI().resolve("api/evaluations")).header("Authorization", SIGN_IN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        runFor(3, () -> {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            assertEquals(201, status);
        });
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        double seconds = runFor(SECONDS, () -> {
            long started = System.nanoTime();
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            latencies.add((System.nanoTime() - started) / 1000);
            assertEquals(201, status);
        });
        double throughput = latencies.size() / seconds;
        System.out.printf("BENCH POST /api/evaluations, %d clients, %d s: %.0f requests/s, p50 %.2f ms, p99 %.2f ms%n", CLIENTS,
                SECONDS, throughput, percentile(latencies, 0.5) / 1000.0, percentile(latencies, 0.99) / 1000.0);
        return throughput;
    }

    /**
     * The database alone: CLIENTS connections each inserting one row per transaction into a table
     * of the same columns and indexes, rows copied from the log so their size matches, no chain and no lock.
     */
    private double rawInsertRate() throws Exception {
        AtomicLong seq = new AtomicLong();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("drop table if exists audit_log_raw");
            statement.execute("create table audit_log_raw (like audit_log including all)");
        }
        AtomicLong inserted = new AtomicLong();
        String insert = "insert into audit_log_raw (" + COLUMNS + ") select ?, ?, prev_hash, hash, evaluated_at, requested_by,"
                + " ruleset_version, use_case_name, approach, verdict, rag_recommended, score_prompting, score_fine_tuning, input,"
                + " masked_fields, exposures, fired_rules, warnings from audit_log where seq = ?";
        Random random = new Random();
        double seconds = runFor(SECONDS, () -> {
            try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(insert)) {
                statement.setObject(1, UUID.randomUUID());
                statement.setLong(2, seq.incrementAndGet());
                statement.setLong(3, 1 + random.nextInt(RECORDS));
                assertEquals(1, statement.executeUpdate());
                inserted.incrementAndGet();
            }
        });
        double rate = inserted.get() / seconds;
        System.out.printf("BENCH raw PostgreSQL insert, %d clients, %d s, one row per transaction: %.0f rows/s%n", CLIENTS, SECONDS, rate);
        return rate;
    }

    private interface Step {
        void run() throws Exception;
    }

    private static double runFor(int seconds, Step step) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        long started = System.nanoTime();
        long end = started + seconds * 1_000_000_000L;
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            clients.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    step.run();
                }
                return null;
            }));
        }
        for (Future<?> client : clients) {
            client.get();
        }
        pool.shutdown();
        return (System.nanoTime() - started) / 1e9;
    }

    private HttpRequest get(String path) throws Exception {
        return HttpRequest.newBuilder(base.toURI().resolve(path)).header("Authorization", SIGN_IN).GET().build();
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static double percentile(List<Long> values, double quantile) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1));
    }
}
