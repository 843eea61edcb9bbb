package io.aigov.evaluation.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.aigov.decision.engine.EvaluationLimits;
import io.aigov.decision.explain.CounterfactualSearch;
import io.aigov.decision.explain.Counterfactuals;
import io.aigov.decision.model.Consistency;
import io.aigov.decision.model.UseCase;
import io.aigov.decision.model.Vocabulary;
import io.aigov.decision.ruleset.Ruleset;
import io.aigov.evaluation.config.CounterfactualsConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Searches are admitted to the cores they need, not to every request that arrives: beyond them an
 * evaluation waits its turn, or past its wait is answered without one; the search of an answer
 * without all its counterfactuals runs again afterwards, in turn and with the longer budget, and
 * the next evaluation of the same use case gets what it found instead of searching again.
 */
class CounterfactualFinderTest {

    private static final Ruleset RULESET = new Ruleset("v1", "test", List.of(), null, null, null, null, Map.of());
    private static final EvaluationLimits LIMITS = new EvaluationLimits(100, Duration.ofSeconds(1));
    private static final LocalDate DAY = LocalDate.of(2026, 12, 6);
    private static final Counterfactuals WHOLE = new Counterfactuals(List.of(), List.of(), 100, true);
    private static final Duration AFTERWARDS_TIME = Duration.ofSeconds(10);
    private static final Counterfactuals CUT_SHORT = new Counterfactuals(List.of(), List.of(), 40, false);

    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final ExecutorService clients = Executors.newCachedThreadPool();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    private final AtomicInteger searches = new AtomicInteger();
    private final List<CounterfactualSearch.Budget> budgets = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopClients() {
        release.countDown();
        clients.shutdownNow();
    }

    @Test
    void noMoreSearchesRunAtOnceThanThereAreTurnsAndEveryEvaluationGetsItsOwn() throws Exception {
        CounterfactualFinder finder = finder(2, Duration.ofSeconds(30), this::heldUntilReleased);
        List<Future<Counterfactuals>> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            long volume = 1_000 + i;
            answers.add(clients.submit(() -> finder.find(RULESET, useCase(volume), null, DAY, LIMITS)));
        }
        awaitRunning(2);
        // Without admission every one of the eight would be searching by now.
        Thread.sleep(300);
        assertEquals(2, running.get(), "searches running while two turns are taken");

        release.countDown();
        for (Future<Counterfactuals> answer : answers) {
            assertTrue(answer.get(30, TimeUnit.SECONDS).complete());
        }
        assertEquals(2, mostAtOnce.get());
        assertEquals(8, searches.get(), "each evaluation searched once, none was skipped");
    }

    @Test
    void anEvaluationThatWaitsLongerThanAllowedIsAnsweredWithoutASearchAndSaysSo() throws Exception {
        CounterfactualFinder finder = finder(1, Duration.ofMillis(200), this::heldUntilReleased);
        Future<Counterfactuals> first = clients.submit(() -> finder.find(RULESET, useCase(1_000), null, DAY, LIMITS));
        awaitRunning(1);

        Counterfactuals waitedTooLong = finder.find(RULESET, useCase(2_000), null, DAY, LIMITS);

        assertFalse(waitedTooLong.complete());
        assertEquals(0, waitedTooLong.evaluations(), "nothing was decided for it");
        assertTrue(waitedTooLong.approach().isEmpty() && waitedTooLong.verdict().isEmpty());
        assertEquals(1, searches.get(), "only the first evaluation searched");
        assertEquals(1.0, metrics.get("aigov.evaluation.counterfactuals.not.searched").counter().count());
        release.countDown();
        assertTrue(first.get(30, TimeUnit.SECONDS).complete());
    }

    @Test
    void theSearchOfAnAnswerWithoutOneRunsAfterwardsInTurnAndTheNextEvaluationOfThatUseCaseGetsItWhole() throws Exception {
        CounterfactualFinder finder = finder(1, Duration.ofMillis(200), this::heldUntilReleased);
        Future<Counterfactuals> first = clients.submit(() -> finder.find(RULESET, useCase(1_000), null, DAY, LIMITS));
        awaitRunning(1);
        assertFalse(finder.find(RULESET, useCase(2_000), null, DAY, LIMITS).complete(), "no turn came in time");
        Future<Counterfactuals> afterwards = clients.submit(() -> finder.findAfterwards(RULESET, useCase(2_000), null, DAY, LIMITS));
        Thread.sleep(300);
        assertEquals(1, searches.get(), "the search afterwards waits for the turn the first one holds");

        release.countDown();
        assertTrue(first.get(30, TimeUnit.SECONDS).complete());
        assertTrue(afterwards.get(30, TimeUnit.SECONDS).complete());
        assertEquals(AFTERWARDS_TIME, budgets.get(1).time(), "searched afterwards with the longer budget");
        Counterfactuals next = finder.find(RULESET, useCase(2_000), null, DAY, LIMITS);

        assertTrue(next.complete());
        assertEquals(2, searches.get(), "searched once afterwards, not again for the next evaluation");
        assertEquals(1.0, metrics.get("aigov.evaluation.counterfactuals.searched.afterwards").counter().count());
    }

    @Test
    void aSearchCutShortIsRunAgainAfterwardsOnceAndTheNextEvaluationOfThatUseCaseGetsItWhole() {
        CounterfactualFinder finder = finder(1, Duration.ofSeconds(30), () -> searches.get() == 1 ? CUT_SHORT : WHOLE);

        assertFalse(finder.find(RULESET, useCase(1_000), null, DAY, LIMITS).complete(), "the first answer says what it was");
        assertTrue(finder.findAfterwards(RULESET, useCase(1_000), null, DAY, LIMITS).complete());
        assertTrue(finder.findAfterwards(RULESET, useCase(1_000), null, DAY, LIMITS).complete(), "a second evaluation of it, completed");
        Counterfactuals next = finder.find(RULESET, useCase(1_000), null, DAY, LIMITS);

        assertTrue(next.complete());
        assertEquals(2, searches.get(), "searched once afterwards, not again for the next evaluations");
    }

    /** Work away from requests (re-decisions of the inventory) never takes the last turn: an evaluation always finds one. */
    @Test
    void backgroundSearchesLeaveATurnForEvaluations() throws Exception {
        CounterfactualFinder finder = finder(2, Duration.ofMillis(200), this::heldUntilReleased);
        List<Future<Counterfactuals>> background = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long volume = 1_000 + i;
            background.add(clients.submit(() -> finder.findInBackground(RULESET, useCase(volume), null, DAY, LIMITS)));
        }
        awaitRunning(1);
        Thread.sleep(300);
        assertEquals(1, running.get(), "background searches running while one of two turns is left for evaluations");

        Future<Counterfactuals> evaluation = clients.submit(() -> finder.find(RULESET, useCase(5_000), null, DAY, LIMITS));
        awaitRunning(2);
        release.countDown();
        assertEquals(100, evaluation.get(30, TimeUnit.SECONDS).evaluations(), "the evaluation searched, in a turn of its own");
        for (Future<Counterfactuals> answer : background) {
            assertTrue(answer.get(30, TimeUnit.SECONDS).complete(), "each background search waits as long as it takes");
        }
        assertEquals(2, mostAtOnce.get());
    }

    private Counterfactuals heldUntilReleased() {
        int now = running.incrementAndGet();
        mostAtOnce.accumulateAndGet(now, Math::max);
        try {
            release.await(30, TimeUnit.SECONDS);
            return WHOLE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CUT_SHORT;
        } finally {
            running.decrementAndGet();
        }
    }

    private void awaitRunning(int searchesRunning) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (running.get() < searchesRunning && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertEquals(searchesRunning, running.get());
    }

    private CounterfactualFinder finder(int turns, Duration maxWait, Supplier<Counterfactuals> searching) {
        return new CounterfactualFinder(config(turns, maxWait), metrics, (ruleset, input, decision, day, limits, budget) -> {
            searches.incrementAndGet();
            budgets.add(budget);
            return searching.get();
        });
    }

    private static UseCase useCase(long volume) {
        return new UseCase("x", null, volume, Consistency.FLEXIBLE, 10L, 1.0, 1.0, 5000L, Vocabulary.STANDARD,
                null, null, null, null, null, null, null, null, null, null, null);
    }

    private static CounterfactualsConfig config(int turns, Duration maxWait) {
        return new CounterfactualsConfig() {
            @Override
            public int maxEvaluations() {
                return 200;
            }

            @Override
            public Duration maxTime() {
                return Duration.ofSeconds(1);
            }

            @Override
            public Optional<Integer> concurrentSearches() {
                return Optional.of(turns);
            }

            @Override
            public Duration maxWait() {
                return maxWait;
            }

            @Override
            public Duration maxTimeAfterwards() {
                return AFTERWARDS_TIME;
            }

            @Override
            public Duration completionInterval() {
                return Duration.ofSeconds(30);
            }

            @Override
            public int cacheSize() {
                return 100;
            }

            @Override
            public int warmUpRounds() {
                return 0;
            }
        };
    }
}
