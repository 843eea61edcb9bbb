package io.aigov.evaluation.rest;

import static io.aigov.support.Answers.expect;
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
 * that request is stopped at the deadline with a problem naming the rule, and nobody else waits for it.
 */
@QuarkusTest
@TestProfile(RulesWithARunaway.class)
class RunawayRulesTest {

    private static final String USE_CASE = """
            {"name": "%s", "dailyRequestVolume": 45000, "consistency": "MODERATE", "labeledExamples": 400,
             "stableMonths": 2, "timeToProductionWeeks": 4, "latencyBudgetMs": 1000, "vocabulary": "STANDARD"}
            """;

    private static final int CLIENTS = 3;
    /** Between a client's requests: they still overlap the runaway, but no longer take the cores the service answers with. */
    private static final Duration PAUSE = Duration.ofMillis(20);
    private static final Duration DEADLINE = RulesWithARunaway.DEADLINE;
    /** Far past the deadline: the bound for the runaway's answer and for the engine to let go of it. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Inject
    AuditTable auditTable;

    @Test
    void theRunawayIsStoppedAtTheDeadlineWhileOtherRequestsAreAnswered() throws Exception {
        given().get("/api/rules").then().statusCode(200).body("active.files", org.hamcrest.Matchers.hasItem("runaway.drl"));
        long recordsBefore = auditTable.count();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService others = Executors.newFixedThreadPool(CLIENTS);
        List<Future<List<Answered>>> answers = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            answers.add(others.submit(() -> {
                List<Answered> answered = new ArrayList<>();
                while (running.get()) {
                    long sent = System.nanoTime();
                    expect(201, given().contentType(ContentType.JSON).body(USE_CASE.formatted("ordinary")).post("/api/evaluations"));
                    answered.add(new Answered(sent, System.nanoTime()));
                    Thread.sleep(PAUSE.toMillis());
                }
                return answered;
            }));
        }

        long started = System.nanoTime();
        given().config(RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
                .setParam("http.socket.timeout", (int) PATIENCE.toMillis())))
                .contentType(ContentType.JSON).body(USE_CASE.formatted("spin")).post("/api/evaluations")
                .then().statusCode(500).contentType("application/problem+json")
                .body("detail", allOf(containsString("did not decide within " + DEADLINE.toMillis() + " ms"), containsString("spin-on-one-input")));
        long stopped = System.nanoTime();
        running.set(false);
        List<Answered> ordinary = new ArrayList<>();
        for (Future<List<Answered>> client : answers) {
            List<Answered> answered = client.get();
            // Nobody waits for the runaway: each client had answers while it still ran.
            assertTrue(answered.stream().anyMatch(answer -> answer.sent() > started && answer.received() < stopped),
                    "a client had no answer while the runaway ran: " + answered);
            ordinary.addAll(answered);
        }
        others.shutdown();

        assertTrue(Duration.ofNanos(stopped - started).compareTo(DEADLINE) >= 0, "the runaway ran until its deadline");
        assertTrue(ordinary.stream().allMatch(answer -> answer.took().compareTo(DEADLINE) < 0),
                "an ordinary request waited as long as the runaway: " + ordinary);
        assertEquals(recordsBefore + ordinary.size(), auditTable.count(), "the stopped evaluation must leave no record");
        assertTrue(evaluationThreadsIdleWithin(PATIENCE), "the runaway rule still runs");
    }

    /** An ordinary request: when it was sent and when its answer came, in {@link System#nanoTime()}. */
    private record Answered(long sent, long received) {

        Duration took() {
            return Duration.ofNanos(received - sent);
        }

        @Override
        public String toString() {
            return took().toMillis() + " ms";
        }
    }

    /** Whether no thread is inside the engine any more (the ordinary clients have stopped), i.e. the runaway was halted or stopped. */
    private static boolean evaluationThreadsIdleWithin(Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < end) {
            boolean busy = Arrays.stream(ManagementFactory.getThreadMXBean().dumpAllThreads(false, false))
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
