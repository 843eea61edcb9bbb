package io.aigov.bench;

import static io.restassured.RestAssured.given;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import io.aigov.decision.rulefile.RuleFile;
import io.aigov.decision.ruleset.RulesetCandidate;
import io.aigov.support.AuditTable;

/**
 * How long impact analysis takes over 100,000 audited evaluations. Not part of the test run: the
 * bench profile runs it (docs/performance.md). It seeds the audit log of its throw-away database
 * with SQL, copying one real evaluation with varied volumes, examples and latency budgets (outside
 * the hash chain, which impact analysis does not read), then asks for the impact of a threshold
 * change over all of them, several times, and prints the figures; then of the same change beside an
 * edited DRL file, which is replayed in a check process rather than in the service.
 */
@QuarkusTest
class ImpactBenchmark {

    private static final int RECORDS = Integer.getInteger("bench.records", 100_000);
    private static final int RUNS = Integer.getInteger("bench.runs", 5);

    @Inject
    AuditTable auditTable;

    @Test
    void impactOverManyAuditedEvaluations() throws InterruptedException {
        String template = given().contentType(ContentType.JSON).body("""
                {"name": "Benchmark", "dailyRequestVolume": 45000, "consistency": "STRICT", "labeledExamples": 400,
                 "stableMonths": 2, "timeToProductionWeeks": 4, "latencyBudgetMs": 150, "vocabulary": "STANDARD"}
                """).post("/api/evaluations").then().statusCode(201).extract().path("id");
        long seeding = System.nanoTime();
        auditTable.execute("""
                insert into audit_log (id, seq, prev_hash, hash, evaluated_at, requested_by, ruleset_version, use_case_name,
                    approach, verdict, rag_recommended, score_prompting, score_fine_tuning, input, exposures, fired_rules, warnings,
                    masked_fields)
                select gen_random_uuid(), t.seq + i, repeat('0', 64), repeat('0', 64),
                    t.evaluated_at - make_interval(secs => i), null, t.ruleset_version, t.use_case_name,
                    t.approach, t.verdict, t.rag_recommended, t.score_prompting, t.score_fine_tuning,
                    t.input || jsonb_build_object('dailyRequestVolume', (i * 37) %% 120000,
                                                  'labeledExamples', (i * 13) %% 3000,
                                                  'latencyBudgetMs', 50 + (i * 7) %% 4000),
                    t.exposures, t.fired_rules, t.warnings, t.masked_fields
                from audit_log t, generate_series(1, %d) i
                where t.id = '%s'
                """.formatted(RECORDS - 1, template));
        System.out.printf("BENCH seeded %,d audit records in %d ms%n", RECORDS - 1, (System.nanoTime() - seeding) / 1_000_000);

        RulesetCandidate current = RulesetCandidate.fromDirectory(Path.of("rules"));
        // A threshold edit is data the serving rules read, replayed in the service; a DRL edit (here a comment) is code,
        // replayed in a check process.
        measure("a threshold edit", files(current, false));
        measure("a threshold and DRL edit", files(current, true));
    }

    private static void measure(String edit, List<Map<String, String>> files) throws InterruptedException {
        long[] wall = new long[RUNS];
        long[] replay = new long[RUNS];
        for (int run = 0; run < RUNS; run++) {
            awaitWarmCheckProcess();
            long started = System.nanoTime();
            Response response = given().contentType(ContentType.JSON).body(Map.of("files", files, "limit", RECORDS))
                    .post("/api/rules/impact");
            response.then().statusCode(200);
            wall[run] = (System.nanoTime() - started) / 1_000_000;
            replay[run] = response.jsonPath().getLong("millis");
            System.out.printf("BENCH %s, run %d: replayed %,d, changed %,d, request %d ms, replay %d ms (%s)%n", edit, run + 1,
                    response.jsonPath().getInt("replayed"), response.jsonPath().getInt("changed"), wall[run], replay[run],
                    response.jsonPath().getString("report.isolation").replaceAll(":.*", ""));
        }
        System.out.printf("BENCH impact of %s over %,d evaluations, %d runs: median request %d ms, median replay %d ms%n",
                edit, RECORDS, RUNS, median(wall), median(replay));
    }

    private static List<Map<String, String>> files(RulesetCandidate current, boolean drlEdited) {
        List<Map<String, String>> files = new ArrayList<>();
        for (RuleFile file : current.rules()) {
            String content = switch (file.name()) {
                case "thresholds.properties" -> file.content().replace("volume.fineTuning.min = 50000", "volume.fineTuning.min = 40000");
                case "verdict.drl" -> drlEdited ? file.content() + "\n// edited\n" : file.content();
                default -> file.content();
            };
            files.add(Map.of("name", file.name(), "content", content));
        }
        return files;
    }

    /**
     * Each analysis takes the warm check process standing by and starts the next, which warms up for a
     * few seconds: an author asking again a while later finds it ready, and so does each run here.
     */
    private static void awaitWarmCheckProcess() throws InterruptedException {
        while (given().get("/q/health/ready").asString().matches("(?s).*\"spare\" *: *\"starting\".*")) {
            Thread.sleep(200);
        }
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
