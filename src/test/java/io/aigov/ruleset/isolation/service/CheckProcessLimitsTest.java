package io.aigov.ruleset.isolation.service;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

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
import io.aigov.support.CheckProcessesUnderTest;

/**
 * A check process that runs out of its heap, outlasts its time limit or crashes gives a finding
 * that says so, and a process stopped at its time limit is killed with everything it started. The
 * check processes are run here as the service runs them, without starting the service: its
 * settings for them are all these tests change.
 */
class CheckProcessLimitsTest {

    private static final EvaluationLimits LIMITS = new EvaluationLimits(10_000, Duration.ofSeconds(2));

    /** On the command line of this test's check processes only. */
    private static final String MARK = CheckProcessesUnderTest.markOf(CheckProcessLimitsTest.class);

    private record Settings(MemorySize heap, Duration timeLimit, List<String> options, boolean spareAtStart) implements CandidateCheckConfig {

        Settings(MemorySize heap, Duration timeLimit, List<String> options) {
            this(heap, timeLimit, options, true);
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
        public Optional<List<String>> javaOptions() {
            return Optional.of(Stream.concat(Stream.of(MARK), options.stream()).toList());
        }

        @Override
        public OptionalInt processes() {
            return OptionalInt.empty();
        }

        @Override
        public int queue() {
            return 8;
        }

        @Override
        public int perUser() {
            return 2;
        }
    }

    private CheckProcesses processes;

    @AfterEach
    void stopTheProcesses() throws InterruptedException {
        if (processes != null) {
            processes.onStop(new ShutdownEvent());
        }
        // Killing is asynchronous: the next test counts the check processes it started.
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!started().isEmpty()) {
            assertTrue(System.nanoTime() < end, "check processes still running after they were stopped: " + started());
            Thread.sleep(50);
        }
    }

    /** The check processes this test started that still run. */
    private List<ProcessHandle> started() {
        return CheckProcessesUnderTest.checkJvms(MARK);
    }

    @Test
    void aCandidateWhoseCheckRunsOutOfMemoryIsRejected() {
        // Far too little to compile rules.
        CheckResult result = check(new Settings(megabytes(16), Duration.ofSeconds(30), List.of()));
        assertNotNull(result.stopped(), result.toString());
        assertThat(result.stopped().message(), containsString("ran out of its 16 MB heap"));
    }

    @Test
    void aCandidateStillBeingCheckedAtTheTimeLimitIsRejectedAndItsProcessKilled() throws Exception {
        // Compiling the shipped rules takes a warm process hundreds of milliseconds.
        processes = new CheckProcesses(new Settings(megabytes(256), Duration.ofMillis(50), List.of()));
        processes.onStart(null);
        ProcessHandle spare = awaitTheSpare();
        List<ProcessHandle> started = CheckProcessesUnderTest.withParents(spare);

        CheckResult result = processes.check(shippedRules(), null);
        assertNotNull(result.stopped(), result.toString());
        assertThat(result.stopped().message(), containsString("was stopped after 50 ms (time limit)"));
        assertThat(result.isolation(), containsString("50 ms time limit"));
        for (ProcessHandle process : started) {
            process.onExit().get(5, TimeUnit.SECONDS);
            assertFalse(process.isAlive(), "process " + process.pid() + " of the stopped check is still running");
        }
        assertTrue(started().size() <= 1, "only the next spare may run: " + started());
    }

    @Test
    void theCheckProcessRunsAtALowerPriorityThanTheService() throws Exception {
        processes = new CheckProcesses(new Settings(megabytes(256), Duration.ofSeconds(30), List.of()));
        processes.onStart(null);
        ProcessHandle spare = awaitTheSpare();

        // Nice values stop at 19: a service already at 10 or more runs its checks at 19.
        assertEquals(Math.min(19, niceness(ProcessHandle.current()) + 10), niceness(spare),
                "a check, and a spare warming up, take only the CPU time the service leaves");
    }

    @Test
    void withoutASpareAtStartTheFirstCheckStartsAProcessOfItsOwnThatSkipsTheWarmUpAndASpareStandsByAfterIt() throws Exception {
        processes = new CheckProcesses(new Settings(megabytes(256), Duration.ofSeconds(30), List.of(), false));
        processes.onStart(null);
        assertEquals(CheckProcesses.Spare.NONE, processes.spare(), "no process is started with the service");

        List<List<ProcessHandle>> whileChecking = new ArrayList<>();
        // The inputs of a replay are asked for once the check has its process: the one started for it, which
        // may still be bubblewrap about to start the JVM.
        CheckResult result = processes.replay(shippedRules(), () -> {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (started().isEmpty() && System.nanoTime() < end) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
            whileChecking.add(started());
            return List.of();
        }, (outcome, index) -> {
        }, null);
        assertNull(result.stopped(), result.toString());
        assertTrue(result.goldenCases().stream().allMatch(GoldenCaseResult::passed), result.toString());
        assertEquals(1, whileChecking.get(0).size(), whileChecking.toString());
        assertFalse(CheckProcessesUnderTest.warmsUp(whileChecking.get(0).get(0)), "a check that waits is not kept waiting by a warm-up");
        assertTrue(CheckProcessesUnderTest.warmsUp(awaitTheSpare()), "a spare warms up while no check waits");
    }

    @Test
    void theCandidateIsCompiledWhileTheInputsToReplayAreStillBeingRead() throws Exception {
        processes = new CheckProcesses(new Settings(megabytes(256), Duration.ofSeconds(30), List.of()));
        processes.onStart(null);
        ProcessHandle spare = awaitTheSpare();
        RulesetCandidate shipped = RulesetCandidate.fromDirectory(Path.of("rules"));
        List<RuleFile> broken = shipped.rules().stream()
                .map(file -> file.name().equals("verdict.drl") ? new RuleFile(file.name(), file.content() + "\nrule \"unfinished\" when") : file)
                .toList();

        // The process compiles the candidate as soon as it has it, finds it broken, answers and ends: while its inputs are
        // still being read, not once they are all there.
        boolean[] endedWhileReading = new boolean[1];
        CheckResult result = processes.replay(new CheckRequest(broken, shipped.goldenCases(), LIMITS), () -> {
            endedWhileReading[0] = spare.onExit().completeOnTimeout(null, 30, TimeUnit.SECONDS).thenApply(ended -> !spare.isAlive()).join();
            return List.of();
        }, (outcome, index) -> {
        }, null);
        assertFalse(result.compileErrors().isEmpty(), result.toString());
        assertTrue(endedWhileReading[0], "the check process waited for the inputs before compiling the candidate");
    }

    @Test
    void inputsThatCannotBeReadFailTheReplayAndItsProcessIsKilled() throws Exception {
        processes = new CheckProcesses(new Settings(megabytes(256), Duration.ofSeconds(30), List.of()));
        processes.onStart(null);
        ProcessHandle spare = awaitTheSpare();

        IllegalStateException unread = assertThrows(IllegalStateException.class, () -> processes.replay(shippedRules(), () -> {
            throw new IllegalStateException("the audit log cannot be read");
        }, (outcome, index) -> {
        }, null));
        assertEquals("the audit log cannot be read", unread.getMessage());
        spare.onExit().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aCandidateWhoseCheckProcessCrashesIsRejected() {
        CheckResult result = check(new Settings(megabytes(256), Duration.ofSeconds(30), List.of("-XX:+NoSuchOption")));
        assertNotNull(result.stopped(), result.toString());
        assertThat(result.stopped().message(), containsString("the check process crashed (exit code 1) while starting"));
    }

    private CheckResult check(Settings settings) {
        processes = new CheckProcesses(settings);
        return processes.check(shippedRules(), null);
    }

    private ProcessHandle awaitTheSpare() throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (processes.spare() != CheckProcesses.Spare.READY) {
            assertTrue(System.nanoTime() < end, "no warm check process within 60 s");
            Thread.sleep(100);
        }
        List<ProcessHandle> jvms = started();
        assertTrue(jvms.size() == 1, "expected the spare alone, found check processes " + jvms);
        return jvms.get(0);
    }

    private static CheckRequest shippedRules() {
        RulesetCandidate shipped = RulesetCandidate.fromDirectory(Path.of("rules"));
        return new CheckRequest(shipped.rules(), shipped.goldenCases(), LIMITS);
    }

    private static MemorySize megabytes(int megabytes) {
        return new MemorySize(BigInteger.valueOf(megabytes * 1024L * 1024L));
    }

    /** The nice value, field 19 of /proc/[pid]/stat (counted after the command name, which may hold spaces). */
    private static int niceness(ProcessHandle process) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[19 - 3]);
    }
}
