package io.aigov.ruleset.isolation.service;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.configuration.MemorySize;

import io.aigov.decision.engine.EvaluationLimits;
import io.aigov.decision.golden.GoldenCaseResult;
import io.aigov.decision.rulefile.RuleFile;
import io.aigov.decision.ruleset.RulesetCandidate;
import io.aigov.ruleset.config.CandidateCheckConfig;
import io.aigov.ruleset.isolation.CheckRequest;
import io.aigov.ruleset.isolation.CheckResult;
import io.aigov.ruleset.isolation.ReplayInput;
import io.aigov.support.CheckProcessesUnderTest;

/**
 * Each check process may take its whole heap, so no more than the configured number run at once:
 * further checks wait for one, first come first served, and past the queue, or past what one person
 * may have at once, a person's check is refused before anything is started for it. The service's own
 * checks always wait. Run as the service runs them, without starting the service.
 *
 * <p>A check that must stay in progress while the test looks is a replay whose inputs are held back:
 * they are asked for once the check has its process, so the test decides when it goes on, however
 * fast or slow the machine.
 */
class CheckCapacityTest {

    private static final EvaluationLimits LIMITS = new EvaluationLimits(10_000, Duration.ofSeconds(2));
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final RulesetCandidate BUNDLED = RulesetCandidate.bundled();
    /** On the command line of this test's check processes only. */
    private static final String MARK = CheckProcessesUnderTest.markOf(CheckCapacityTest.class);

    private record Settings(int limit, int queue, int perUser) implements CandidateCheckConfig {

        @Override
        public MemorySize heap() {
            return new MemorySize(BigInteger.valueOf(256L * 1024 * 1024));
        }

        @Override
        public Duration timeLimit() {
            return Duration.ofSeconds(30);
        }

        @Override
        public Duration timeLimitPerReplay() {
            return Duration.ofMillis(1);
        }

        @Override
        public Bubblewrap bubblewrap() {
            return Bubblewrap.AUTO;
        }

        @Override
        public int niceness() {
            return 10;
        }

        @Override
        public boolean spareAtStart() {
            return true;
        }

        @Override
        public Optional<List<String>> javaOptions() {
            return Optional.of(List.of(MARK));
        }

        @Override
        public OptionalInt processes() {
            return OptionalInt.of(limit);
        }
    }

    private CheckProcesses processes;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    /** Lets held-back checks go on, also when a test fails before it does. */
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicBoolean sampling = new AtomicBoolean(true);
    private final AtomicInteger mostAtOnce = new AtomicInteger();

    @AfterEach
    void stopTheProcesses() throws InterruptedException {
        release.countDown();
        sampling.set(false);
        if (processes != null) {
            processes.onStop(new ShutdownEvent());
        }
        threads.shutdownNow();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!started().isEmpty()) {
            assertTrue(System.nanoTime() < end, "check processes still running after they were stopped: " + started());
            Thread.sleep(50);
        }
    }

    @Test
    void noMoreThanTheLimitRunAtOnceAndEachCheckGetsItsOwnResult() throws Exception {
        start(new Settings(2, 8, 2));
        // One more check than may run at once: two people and the service itself.
        List<RuleFile> goldenCases = List.of(golden("agentic-workflow"), golden("credit-scoring-profiling"),
                golden("financial-report-summarisation"));
        List<String> requesters = Arrays.asList("ann", "bob", null);

        CountDownLatch together = new CountDownLatch(1);
        List<Future<CheckResult>> results = new ArrayList<>();
        for (int i = 0; i < goldenCases.size(); i++) {
            // Every other check fails its one golden case: each must get its own answer back.
            CheckRequest request = request(i % 2 == 0 ? goldenCases.get(i) : failing(goldenCases.get(i)));
            String requester = requesters.get(i);
            results.add(threads.submit(() -> {
                together.await();
                return processes.check(request, requester);
            }));
        }
        together.countDown();

        for (int i = 0; i < results.size(); i++) {
            assertOwnResult(results.get(i).get(PATIENCE.toSeconds(), TimeUnit.SECONDS), goldenCases.get(i), i % 2 == 0);
        }
        assertAtMost(2);
    }

    @Test
    void pastTheQueueAPersonsCheckIsRefusedAtOnceWhileTheServicesOwnWaits() throws Exception {
        start(new Settings(1, 1, 2));
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        Future<CheckResult> first = threads.submit(() -> processes.replay(request(golden("agentic-workflow")),
                heldBack("first", order), (outcome, index) -> {
                }, "ann"));
        await(() -> order.contains("first"), "the first check has the only process");

        Future<CheckResult> queued = threads.submit(() -> processes.replay(request(failing(golden("content-ideation"))),
                noted("queued", order), (outcome, index) -> {
                }, "bob"));
        await(() -> processes.load().waiting() == 1, "the second check waits for the process");

        CheckCapacityException refused = assertThrows(CheckCapacityException.class,
                () -> processes.check(request(golden("credit-scoring-profiling")), "cy"));
        assertThat(refused.getMessage(), containsString("All 1 check processes are in use and 1 rule checks wait for one"));
        assertTrue(refused.retryAfter().compareTo(Duration.ofSeconds(1)) >= 0, "Retry-After " + refused.retryAfter());
        assertEquals(new CheckProcesses.Load(1, 1, 1), processes.load(), "the refused check started nothing and waits for nothing");

        Future<CheckResult> services = threads.submit(() -> processes.replay(request(golden("financial-report-summarisation")),
                noted("the service's own", order), (outcome, index) -> {
                }, null));
        await(() -> processes.load().waiting() == 2, "the service's own check waits past the queue's bound");

        release.countDown();
        assertOwnResult(first.get(PATIENCE.toSeconds(), TimeUnit.SECONDS), golden("agentic-workflow"), true);
        assertOwnResult(queued.get(PATIENCE.toSeconds(), TimeUnit.SECONDS), golden("content-ideation"), false);
        assertOwnResult(services.get(PATIENCE.toSeconds(), TimeUnit.SECONDS), golden("financial-report-summarisation"), true);
        assertEquals(List.of("first", "queued", "the service's own"), order, "each check had its process in the order it came");
        assertAtMost(1);
    }

    @Test
    void aPersonAtTheirBoundIsRefusedWhileAnotherPersonsCheckIsAdmitted() throws Exception {
        start(new Settings(2, 1, 1));
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        Future<CheckResult> anns = threads.submit(() -> processes.replay(request(golden("agentic-workflow")),
                heldBack("ann's", order), (outcome, index) -> {
                }, "ann"));
        await(() -> order.contains("ann's"), "ann's check has a process");

        CheckCapacityException refused = assertThrows(CheckCapacityException.class,
                () -> processes.check(request(golden("content-ideation")), "ann"));
        assertThat(refused.getMessage(), containsString("You have 1 rule check running or waiting, as many as one person may have"));
        assertEquals(1, processes.load().inUse(), "the refused check started nothing");

        // While ann's check is still in progress.
        assertOwnResult(processes.check(request(failing(golden("credit-scoring-profiling"))), "bob"), golden("credit-scoring-profiling"),
                false);
        assertFalse(anns.isDone(), "ann's check was still held back");

        release.countDown();
        assertOwnResult(anns.get(PATIENCE.toSeconds(), TimeUnit.SECONDS), golden("agentic-workflow"), true);
        // Ann's checks are over: she may check again.
        assertOwnResult(processes.check(request(golden("content-ideation")), "ann"), golden("content-ideation"), true);
        assertAtMost(2);
    }

    private void start(Settings settings) {
        processes = new CheckProcesses(settings);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                mostAtOnce.accumulateAndGet(started().size(), Math::max);
                try {
                    // A process lives for seconds; each look reads every process of the machine from /proc (some ms).
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "check-process-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void assertAtMost(int limit) {
        assertTrue(mostAtOnce.get() <= limit, "at most " + limit + " check processes at once, seen " + mostAtOnce.get());
        assertTrue(mostAtOnce.get() > 0, "the sampler saw the check processes");
    }

    /** The check processes this test started that still run. */
    private List<ProcessHandle> started() {
        return CheckProcessesUnderTest.checkJvms(MARK);
    }

    /** Inputs for a replay (none) that are handed over only once the test lets the check go on. */
    private Supplier<List<ReplayInput>> heldBack(String name, List<String> order) {
        return () -> {
            order.add(name);
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of();
        };
    }

    /** Inputs for a replay (none) that note when the check had its process. */
    private static Supplier<List<ReplayInput>> noted(String name, List<String> order) {
        return () -> {
            order.add(name);
            return List.of();
        };
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, "not within " + PATIENCE + ": " + what);
            Thread.sleep(20);
        }
    }

    private static void assertOwnResult(CheckResult result, RuleFile golden, boolean passes) {
        assertNull(result.stopped(), result::toString);
        assertEquals(List.of(), result.compileErrors(), result::toString);
        assertEquals(1, result.goldenCases().size(), result::toString);
        GoldenCaseResult ran = result.goldenCases().get(0);
        assertEquals(golden.name(), ran.file());
        assertEquals(passes, ran.passed(), ran::toString);
    }

    /** The bundled rules with one golden case: a small request. */
    private static CheckRequest request(RuleFile goldenCase) {
        return new CheckRequest(BUNDLED.rules(), List.of(goldenCase), LIMITS);
    }

    private static RuleFile golden(String name) {
        return BUNDLED.goldenCases().stream().filter(file -> file.name().endsWith("/" + name + ".json")).findFirst().orElseThrow();
    }

    /** The golden case expecting another approach than the rules decide. */
    private static RuleFile failing(RuleFile golden) {
        String content = golden.content().contains("\"approach\": \"PROMPTING\"")
                ? golden.content().replace("\"approach\": \"PROMPTING\"", "\"approach\": \"FINE_TUNING\"")
                : golden.content().replaceFirst("\"approach\": \"[A-Z_]+\"", "\"approach\": \"PROMPTING\"");
        assertFalse(content.equals(golden.content()), golden.name() + " names an approach");
        return new RuleFile(golden.name(), content);
    }
}
