package io.aigov.evaluation.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.aigov.support.AuditTable;
import io.aigov.support.RulesWithARunaway;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;

/**
 * A rule that passes every check and its golden cases, then runs away on one input once active:
 * that request is stopped at the deadline with a problem naming the rule, and nobody else waits.
 */
@QuarkusTest
@TestProfile(RulesWithARunaway.class)
class RunawayRulesTest {

    private static final String USE_CASE = """
            {"name": "%s", "dailyRequestVolume": 45000, "consistency": "MODERATE", "labeledExamples": 400,
             "stableMonths": 2, "timeToProductionWeeks": 4, "latencyBudgetMs": 1000, "vocabulary": "STANDARD"}
            """;

    @Inject
    AuditTable auditTable;

    @Test
    void theRunawayIsStoppedAtTheDeadlineWhileOtherRequestsKeepTheirLatency() throws Exception {
        given().get("/api/rules").then().statusCode(200).body("active.files", org.hamcrest.Matchers.hasItem("runaway.drl"));
        // Warmed up first: what is measured is whether the runaway holds others up, not the JIT compiler.
        for (int i = 0; i < 20; i++) {
            given().contentType(ContentType.JSON).body(USE_CASE.formatted("warm-up")).post("/api/evaluations").then().statusCode(201);
        }
        long recordsBefore = auditTable.count();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService others = Executors.newFixedThreadPool(3);
        List<Future<List<Long>>> latencies = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            latencies.add(others.submit(() -> {
                List<Long> millis = new ArrayList<>();
                while (running.get()) {
                    long started = System.nanoTime();
                    given().contentType(ContentType.JSON).body(USE_CASE.formatted("ordinary")).post("/api/evaluations")
                            .then().statusCode(201);
                    millis.add((System.nanoTime() - started) / 1_000_000);
                }
                return millis;
            }));
        }

        long started = System.nanoTime();
        given().config(RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
                .setParam("http.socket.timeout", 10_000)))
                .contentType(ContentType.JSON).body(USE_CASE.formatted("spin")).post("/api/evaluations")
                .then().statusCode(500).contentType("application/problem+json")
                .body("detail", allOf(containsString("did not decide within 2000 ms"), containsString("spin-on-one-input")));
        Duration answeredAfter = Duration.ofNanos(System.nanoTime() - started);
        Thread.sleep(500);
        running.set(false);
        List<Long> ordinary = new ArrayList<>();
        for (Future<List<Long>> future : latencies) {
            ordinary.addAll(future.get());
        }
        others.shutdown();

        // The 2 s deadline, then stopping the session and answering, on a machine that three clients keep busy.
        assertTrue(answeredAfter.compareTo(Duration.ofMillis(4000)) < 0, "answered after " + answeredAfter);
        assertTrue(ordinary.size() > 10, "too few ordinary requests: " + ordinary.size());
        assertTrue(ordinary.stream().allMatch(ms -> ms < 2000), "an ordinary request waited: " + ordinary);
        assertEquals(recordsBefore + ordinary.size(), auditTable.count(), "the stopped evaluation must leave no record");
        assertTrue(evaluationThreadsIdleWithin(Duration.ofSeconds(2)), "the runaway rule still runs");
    }

    /** Whether no evaluation thread is inside the engine any more, i.e. the runaway was halted or stopped. */
    private static boolean evaluationThreadsIdleWithin(Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < end) {
            boolean busy = Arrays.stream(ManagementFactory.getThreadMXBean().dumpAllThreads(false, false))
                    .filter(thread -> thread.getThreadName().startsWith("rule-evaluation-"))
                    .anyMatch(RunawayRulesTest::firingRules);
            if (!busy) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private static boolean firingRules(ThreadInfo thread) {
        return Arrays.stream(thread.getStackTrace()).anyMatch(frame -> frame.getMethodName().equals("fireAllRules"));
    }
}
