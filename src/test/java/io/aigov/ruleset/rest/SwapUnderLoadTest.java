package io.aigov.ruleset.rest;

import static io.aigov.support.Answers.expect;
import static io.aigov.support.Answers.fieldOfEach;
import static io.aigov.support.Answers.json;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

import io.aigov.decision.ruleset.Ruleset;
import io.aigov.decision.ruleset.RulesetCompiler;
import io.aigov.ruleset.history.RulesetHistory;
import io.aigov.support.AuditTable;

/**
 * Evaluations from several threads while the rules are swapped again and again: each evaluation
 * runs wholly on one version, never on a half-loaded ruleset.
 */
@QuarkusTest
@TestProfile(WritableRulesFolder.class)
class SwapUnderLoadTest {

    private static final String MARKER_FILE = "load-marker.drl";
    private static final String MARKER_RULE = "load-test-marker";
    private static final String MARKER = """
            package aigov.marker;
            import io.aigov.decision.model.Assessment;

            rule "%s"
            when
                $a : Assessment()
            then
                $a.because("Marks evaluations decided by the ruleset that has this file.");
            end
            """.formatted(MARKER_RULE);
    private static final int CLIENTS = 4;
    private static final Duration RUN = Duration.ofSeconds(4);

    @Inject
    AuditTable auditTable;

    @Inject
    RulesetHistory history;

    @AfterEach
    void restoreTheFolder() {
        WritableRulesFolder.restore();
        given().when().post("/api/rules/reload").then().statusCode(200);
    }

    @Test
    void everyAuditedEvaluationNamesAStoredVersionAndOnlyItsRules() throws Exception {
        Path marker = WritableRulesFolder.FOLDER.resolve(MARKER_FILE);
        // Both versions are checked in a child process once, before the load: swapping back and forth then reuses those checks.
        swap(marker);
        swap(marker);
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 1);
        List<Future<List<String>>> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(pool.submit(() -> {
                List<String> ids = new ArrayList<>();
                while (running.get()) {
                    ids.add(json(expect(201, given().contentType(ContentType.JSON).body(
                            "{\"name\": \"Load\", \"dailyRequestVolume\": 60000, \"consistency\": \"STRICT\", \"labeledExamples\": 900,"
                                    + " \"stableMonths\": 6, \"timeToProductionWeeks\": 6, \"latencyBudgetMs\": 150, \"vocabulary\": \"STANDARD\"}")
                            .post("/api/evaluations"))).path("id").asText());
                }
                return ids;
            }));
        }
        Future<Integer> swapper = pool.submit(() -> {
            int swaps = 0;
            while (running.get()) {
                swap(marker);
                swaps++;
            }
            return swaps;
        });
        Thread.sleep(RUN.toMillis());
        running.set(false);
        List<String> ids = new ArrayList<>();
        for (Future<List<String>> client : clients) {
            ids.addAll(client.get());
        }
        int swaps = swapper.get();
        pool.shutdown();

        assertTrue(swaps >= 2, "the rules were swapped only " + swaps + " times");
        Map<String, Set<String>> rulesByVersion = new HashMap<>();
        Set<String> versionsSeen = new HashSet<>();
        for (String id : ids) {
            String version = auditTable.column("ruleset_version", id);
            versionsSeen.add(version);
            Set<String> rules = rulesByVersion.computeIfAbsent(version, this::ruleNamesOfStoredVersion);
            List<String> fired = fieldOfEach(json(expect(200, given().get("/api/evaluations/" + id))).path("firedRules"), "name");
            assertTrue(rules.containsAll(fired), id + " fired " + fired + ", not all in version " + version);
            assertEquals(rules.contains(MARKER_RULE), fired.contains(MARKER_RULE),
                    id + " on version " + version + " disagrees with that version about the marker rule");
        }
        assertTrue(versionsSeen.size() >= 2, "evaluations saw only " + versionsSeen.size() + " version(s)");
    }

    /** Adds the marker rule to the folder, or removes it, and has the folder reloaded. */
    private static void swap(Path marker) throws IOException {
        if (Files.exists(marker)) {
            Files.delete(marker);
        } else {
            Files.writeString(marker, MARKER);
        }
        given().post("/api/rules/reload").then().statusCode(200);
    }

    private Set<String> ruleNamesOfStoredVersion(String version) {
        Ruleset ruleset = RulesetCompiler.compile(history.version(version).orElseThrow(
                () -> new AssertionError("audited version " + version + " is not stored")).files, "test");
        Set<String> names = new HashSet<>();
        for (KiePackage kiePackage : ruleset.kieBase().getKiePackages()) {
            for (Rule rule : kiePackage.getRules()) {
                names.add(rule.getName());
            }
        }
        return names;
    }
}
