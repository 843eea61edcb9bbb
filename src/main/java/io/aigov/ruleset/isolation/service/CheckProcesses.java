package io.aigov.ruleset.isolation.service;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.ObjIntConsumer;
import java.util.function.Supplier;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import io.aigov.decision.engine.DecisionOutcome;
import io.aigov.decision.golden.GoldenCaseResult;
import io.aigov.decision.rulefile.RuleFile;
import io.aigov.decision.rulefile.RuleProblem;
import io.aigov.ruleset.config.CandidateCheckConfig;
import io.aigov.ruleset.isolation.CheckProtocol;
import io.aigov.ruleset.isolation.CheckRequest;
import io.aigov.ruleset.isolation.CheckResult;
import io.aigov.ruleset.isolation.ReplayInput;
import io.aigov.ruleset.isolation.SimulatedDecision;
import io.aigov.ruleset.isolation.child.CandidateCheckMain;
import io.aigov.shared.DaemonThreads;

/**
 * Runs each candidate's compilation, golden cases and replays in a check process of its own, so
 * that no candidate's code runs in the service: a JVM started with an empty environment, a small
 * heap and a time limit, under bubblewrap (no network, read-only files) where that works here.
 * A process that is killed or crashes gives a finding that says why.
 *
 * <p>One spare process is kept warm, started at start-up and again after each check, so a check
 * does not wait for a JVM to start and compile its first rules. Each process serves one request
 * and exits, so a hostile candidate never shares a JVM with the next.
 *
 * <p>At most {@code aigov.rules.check.processes} processes are alive at once, the spare and those
 * still ending included, since each may take its whole heap. A check that finds them all in use
 * waits for one, first come first served. A person's check is refused at once, before anything is
 * started for it ({@link CheckCapacityException}), when {@code aigov.rules.check.queue} checks wait
 * already or the person has {@code aigov.rules.check.per-user} checks running or waiting; the
 * service's own checks (requester null) always wait.
 */
@ApplicationScoped
public class CheckProcesses {

    private static final Logger LOG = Logger.getLogger(CheckProcesses.class);
    /** How long a check waits for a process that is still warming up (a spare just started) before giving up on it. */
    private static final Duration STARTUP_LIMIT = Duration.ofSeconds(60);
    /** How the JVM exits with -XX:+ExitOnOutOfMemoryError. */
    private static final int OUT_OF_MEMORY_EXIT_CODE = 3;
    private static final String SHARED = "the child shares the service's network and file system";
    /** What a check is taken to last (warming up a process included) until checks have been timed here: for Retry-After. */
    private static final Duration TYPICAL_CHECK = Duration.ofSeconds(5);
    private static final long ONE_SECOND = Duration.ofSeconds(1).toNanos();

    private final CandidateCheckConfig config;
    /**
     * Every process is started from this one long-lived thread: bubblewrap's --die-with-parent kills
     * the sandbox when the thread that started it ends, not only when the service does.
     */
    private final ExecutorService launcher = Executors.newSingleThreadExecutor(DaemonThreads.named("candidate-check-launcher"));
    private final ExecutorService io = Executors.newCachedThreadPool(DaemonThreads.named("candidate-check-io"));
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("candidate-check-time-limit"));
    private final Set<CheckProcess> running = ConcurrentHashMap.newKeySet();
    /** Guarded by this. */
    private CompletableFuture<CheckProcess> spare;
    /** Guarded by this. */
    private boolean shutDown;
    /** Guarded by this: how many callers hold back the next spare ({@link #deferSpare}). */
    private int deferrals;
    /** Decided once, on the launcher thread, when the first process starts. */
    private volatile Launch launch;
    /** The most processes alive at once. */
    private final int processes;
    /** Guarded by this: processes that may still be started, the limit less those starting, alive or still ending. */
    private int freeSlots;
    /** Guarded by this: checks waiting for a process, first come first served; each is handed a free slot. */
    private final Deque<CompletableFuture<Void>> waiting = new ArrayDeque<>();
    /** Guarded by this: each person's checks running or waiting. */
    private final Map<String, Integer> checksOf = new HashMap<>();
    /** Guarded by this: how long checks kept their process lately (a moving average), to say when to try again. */
    private long checkNanos = TYPICAL_CHECK.toNanos();

    /**
     * A check's turn: the process it takes (the spare, or one started for it), or the slot it waits
     * for in the queue.
     */
    private record Turn(CompletableFuture<CheckProcess> process, CompletableFuture<Void> slot) {
    }

    /** The command that starts a process, and how it confines the process, in words. */
    private record Launch(List<String> command, String confinement) {
    }

    public CheckProcesses(CandidateCheckConfig config) {
        if (config.niceness() < 0 || config.niceness() > 19) {
            throw new IllegalArgumentException("aigov.rules.check.nice must be 0 to 19, not " + config.niceness());
        }
        this.processes = config.processes().orElse(Runtime.getRuntime().availableProcessors());
        if (processes < 1) {
            throw new IllegalArgumentException("aigov.rules.check.processes must be at least 1, not " + processes);
        }
        if (config.queue() < 0) {
            throw new IllegalArgumentException("aigov.rules.check.queue must be 0 or more, not " + config.queue());
        }
        if (config.perUser() < 1) {
            throw new IllegalArgumentException("aigov.rules.check.per-user must be at least 1, not " + config.perUser());
        }
        this.config = config;
        this.freeSlots = processes;
        timer.setRemoveOnCancelPolicy(true);
    }

    /**
     * The spare, if one is wanted from the start: after every other start-up observer, the active
     * ruleset's compilation among them, since a JVM warming up beside that compilation would take half of
     * a two-core machine from it and delay readiness.
     */
    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER) StartupEvent event) {
        if (config.spareAtStart()) {
            replenish();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        synchronized (this) {
            shutDown = true;
            spare = null;
            waiting.forEach(slot -> slot.completeExceptionally(new IllegalStateException("the service is shutting down")));
            waiting.clear();
        }
        launcher.shutdown();
        try {
            // A process being started now is killed as soon as it is, since shutDown is set.
            launcher.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        running.forEach(CheckProcess::kill);
        timer.shutdownNow();
        io.shutdownNow();
    }

    /** How candidates are checked, in words (with the time limit of a check without replays). */
    public String isolation() {
        return isolation(config.timeLimit());
    }

    /** Whether a process stands by for the next check. */
    public enum Spare {
        /** Warm: a candidate sent now is checked without waiting for a JVM to start. */
        READY,
        STARTING,
        /** None (it ended before it was warm, or could not start): the next check starts a process of its own. */
        NONE
    }

    public Spare spare() {
        CompletableFuture<CheckProcess> current;
        synchronized (this) {
            current = spare;
        }
        if (current == null || current.isCompletedExceptionally()) {
            return Spare.NONE;
        }
        if (!current.isDone()) {
            return Spare.STARTING;
        }
        CheckProcess child = current.join();
        if (!child.isAlive()) {
            return Spare.NONE;
        }
        return child.becameReady() ? Spare.READY : Spare.STARTING;
    }

    /**
     * Compiles the candidate and runs its golden cases, one at a time, in a process of its own. The
     * process does not run the safety check again: the candidate must have passed it here.
     *
     * @param requester the person who asked for the check, null for the service itself (never refused)
     * @throws CheckCapacityException when the person's check cannot be taken now; nothing was started for it
     */
    public CheckResult check(CheckRequest request, String requester) {
        return run(request, List::of, DecisionOutcome.class, (outcome, index) -> {
        }, requester);
    }

    /**
     * As {@link #check}, then, if the candidate compiles, decides each input on it and hands over each
     * outcome with the input's index, in order. The inputs are asked for once the check has its
     * process, so a check refused or waiting reads none. The time limit grows with the number of inputs.
     */
    public CheckResult replay(CheckRequest request, Supplier<List<ReplayInput>> inputs, ObjIntConsumer<DecisionOutcome> each,
            String requester) {
        return run(request.replaying(), inputs, DecisionOutcome.class, each, requester);
    }

    /** As {@link #replay}, each input decided with its fired rules and reasons (the rule author's simulator). */
    public CheckResult simulate(CheckRequest request, List<ReplayInput> inputs, ObjIntConsumer<SimulatedDecision> each, String requester) {
        return run(request.explained(), () -> inputs, SimulatedDecision.class, each, requester);
    }

    /** How many processes may be alive at once, how many are (starting, alive or ending), and how many checks wait. */
    public record Load(int limit, int inUse, int waiting) {
    }

    public synchronized Load load() {
        return new Load(processes, processes - freeSlots, waiting.size());
    }

    private <T> CheckResult run(CheckRequest request, Supplier<List<ReplayInput>> inputs, Class<T> answered, ObjIntConsumer<T> each,
            String requester) {
        Turn turn = admit(requester);
        try {
            CheckProcess child;
            try {
                child = take(turn);
            } catch (RuntimeException e) {
                LOG.errorf(e, "Cannot start a check process");
                return new Answer(request.goldenCases()).result(new RuleProblem("", 0, 0, "the check process could not be started"),
                        isolation(config.timeLimit()));
            }
            long began = System.nanoTime();
            try {
                return check(child, request, inputs, answered, each);
            } finally {
                child.kill();
                running.remove(child);
                timed(System.nanoTime() - began);
                // Only now: a spare warming up while the check runs would take half of a two-core machine from it.
                replenish();
            }
        } finally {
            leave(requester);
        }
    }

    /**
     * Sends the candidate at once and the inputs to replay once they are read: the process compiles the candidate and
     * runs its golden cases meanwhile. Its time limit runs from the sending, and grows with the inputs once they are counted.
     */
    private <T> CheckResult check(CheckProcess child, CheckRequest request, Supplier<List<ReplayInput>> inputs, Class<T> answered,
            ObjIntConsumer<T> each) {
        Duration limit = config.timeLimit();
        Answer answer = new Answer(request.goldenCases());
        try {
            child.awaitReady(STARTUP_LIMIT);
            answer.ready = true;
            CompletableFuture<List<ReplayInput>> toReplay = new CompletableFuture<>();
            child.send(out -> write(out, request, toReplay), io);
            child.stopAfter(limit, timer);
            List<ReplayInput> replayed;
            try {
                replayed = inputs.get();
            } catch (RuntimeException e) {
                toReplay.completeExceptionally(e);
                throw e;
            }
            toReplay.complete(replayed);
            answer.replays = replayed.size();
            limit = limit.plus(config.timeLimitPerReplay().multipliedBy(replayed.size()));
            child.allowReplays(replayed.size());
            child.extendTimeLimit(limit, timer);
            read(child.answer(), answer, answered, each);
            return answer.result(null, isolation(limit));
        } catch (IOException e) {
            RuleProblem stopped = answer.stopped(why(child, answer.ready ? limit : STARTUP_LIMIT));
            LOG.warnf("Candidate rejected: %s (process %d)", stopped.message(), child.pid());
            LOG.debugf("Check process %d broke off (%s); the last it wrote to stderr:%n%s", child.pid(), e, child.lastErrorLines());
            return answer.result(stopped, isolation(limit));
        }
    }

    /**
     * Lets a check in, or refuses a person's check that would have to wait behind a full queue, or
     * that would be more than the person may have at once.
     */
    private synchronized Turn admit(String requester) {
        if (requester != null) {
            int own = checksOf.getOrDefault(requester, 0);
            if (own >= config.perUser()) {
                throw new CheckCapacityException("You have " + own + " rule " + (own == 1 ? "check" : "checks")
                        + " running or waiting, as many as one person may have at once", retryAfter());
            }
            if (spare == null && freeSlots == 0 && waiting.size() >= config.queue()) {
                throw new CheckCapacityException("All " + processes + " check processes are in use and " + waiting.size()
                        + " rule checks wait for one", retryAfter());
            }
        }
        Turn turn = turn();
        if (requester != null) {
            checksOf.merge(requester, 1, Integer::sum);
        }
        return turn;
    }

    private synchronized void leave(String requester) {
        if (requester != null) {
            checksOf.computeIfPresent(requester, (who, checks) -> checks == 1 ? null : checks - 1);
        }
    }

    /** The spare if there is one, else a process started in a free slot, else a place in the queue. */
    private synchronized Turn turn() {
        if (shutDown) {
            return new Turn(CompletableFuture.failedFuture(new IllegalStateException("the service is shutting down")), null);
        }
        if (spare != null) {
            CompletableFuture<CheckProcess> taken = spare;
            spare = null;
            return new Turn(taken, null);
        }
        if (freeSlots > 0) {
            freeSlots--;
            return new Turn(launch(false), null);
        }
        CompletableFuture<Void> slot = new CompletableFuture<>();
        waiting.addLast(slot);
        return new Turn(null, slot);
    }

    /** Waits for the slot a queued check is handed, then starts its process in it. */
    private CompletableFuture<CheckProcess> launchWhenHanded(CompletableFuture<Void> slot) {
        try {
            slot.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            giveUp(slot);
            throw new IllegalStateException("interrupted while waiting for a check process");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
        synchronized (this) {
            if (shutDown) {
                freeSlots++;
                throw new IllegalStateException("the service is shutting down");
            }
            return launch(false);
        }
    }

    /** A queued check that stops waiting: out of the queue, or, when it was handed a slot meanwhile, the slot back. */
    private synchronized void giveUp(CompletableFuture<Void> slot) {
        waiting.remove(slot);
        if (!slot.cancel(false) && !slot.isCompletedExceptionally()) {
            release();
        }
    }

    /**
     * A process has ended (or did not start): its slot goes to the check that has waited longest,
     * else to a new spare when one is wanted, else it is free.
     */
    private synchronized void release() {
        for (CompletableFuture<Void> next = waiting.pollFirst(); next != null; next = waiting.pollFirst()) {
            if (next.complete(null)) {
                return;
            }
        }
        if (spareWanted()) {
            spare = launch(true);
            return;
        }
        freeSlots++;
    }

    /** Guarded by this: keeps how long checks keep their process, for {@link #retryAfter}. */
    private synchronized void timed(long nanos) {
        checkNanos = (checkNanos * 4 + nanos) / 5;
    }

    /** Guarded by this: the checks waiting, in rounds of as many as run at once, each about as long as checks lately took. */
    private Duration retryAfter() {
        long rounds = 1 + waiting.size() / processes;
        return Duration.ofNanos(Math.max(ONE_SECOND, checkNanos * rounds));
    }

    /** What the service was told about a process that did not answer in full. */
    private String why(CheckProcess child, Duration limit) {
        OptionalInt exit = child.stoppedAtTimeLimit() ? OptionalInt.empty() : child.awaitExit();
        // Asked again: the time limit may have come while the process was awaited.
        if (child.stoppedAtTimeLimit()) {
            return "was stopped after " + duration(limit) + " (time limit)";
        }
        if (exit.isEmpty() || exit.getAsInt() == 0) {
            return "gave an answer that cannot be read";
        }
        if (exit.getAsInt() == OUT_OF_MEMORY_EXIT_CODE) {
            return "ran out of its " + heapMegabytes() + " MB heap";
        }
        return "crashed (exit code " + exit.getAsInt() + ")";
    }

    /** The process of a check's turn, once it is there; when it has ended already, another. */
    private CheckProcess take(Turn turn) {
        CheckProcess child = join(turn.process() != null ? turn.process() : launchWhenHanded(turn.slot()));
        if (!child.isAlive()) {
            // Killed while it waited, or it could not warm up: a new one has the best chance.
            child.kill();
            running.remove(child);
            Turn again = turn();
            child = join(again.process() != null ? again.process() : launchWhenHanded(again.slot()));
        }
        return child;
    }

    /** Starts a spare when one is wanted and a slot is free that no check waits for. */
    private synchronized void replenish() {
        if (spareWanted() && waiting.isEmpty() && freeSlots > 0) {
            freeSlots--;
            spare = launch(true);
        }
    }

    /** Guarded by this. */
    private boolean spareWanted() {
        return !shutDown && spare == null && deferrals == 0;
    }

    /**
     * Holds back the spare that each check starts for the next one until the deferral is closed: an
     * activation compiles the candidate here right after its check, and a JVM warming up beside it
     * would take half of a two-core machine from it. A check made meanwhile starts a process of its own.
     */
    public SpareDeferral deferSpare() {
        synchronized (this) {
            deferrals++;
        }
        return this::endDeferral;
    }

    /** An {@link AutoCloseable} that closes without a checked exception, for try-with-resources. */
    public interface SpareDeferral extends AutoCloseable {
        @Override
        void close();
    }

    private synchronized void endDeferral() {
        deferrals--;
        replenish();
    }

    /**
     * Starts a process in a slot the caller holds. The slot is released once the process and all it
     * started have ended, or at once when it could not be started.
     *
     * @param spare whether it waits for a check to come, and so warms up first, or is started for a check that waits
     */
    private CompletableFuture<CheckProcess> launch(boolean spare) {
        CompletableFuture<CheckProcess> starting = CompletableFuture.supplyAsync(() -> start(spare), launcher);
        starting.whenComplete((child, failure) -> {
            if (child == null) {
                release();
            } else {
                child.ended().whenComplete((ended, ignored) -> {
                    if (child.lingers()) {
                        LOG.warnf("Check process %d was killed but has not ended yet; it is no longer counted", child.pid());
                    }
                    release();
                });
            }
        });
        return starting;
    }

    private CheckProcess start(boolean warmUp) {
        if (launch == null) {
            launch = prepare();
        }
        List<String> command = new ArrayList<>(launch.command());
        if (warmUp) {
            command.add(CheckProtocol.WARM_UP);
        }
        try {
            CheckProcess child = CheckProcess.start(command, io);
            running.add(child);
            child.onExit().thenRun(() -> replaceIfSpare(child));
            synchronized (this) {
                if (shutDown) {
                    child.kill();
                    running.remove(child);
                }
            }
            return child;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + launch.command().get(0), e);
        }
    }

    /**
     * A spare that was ready and then ended (killed from outside) is replaced at once, so the next
     * check need not wait. One that ended while warming up is not: it may have failed by itself (too
     * small a heap, a wrong JVM option), and replacing it would start one process after another.
     */
    private synchronized void replaceIfSpare(CheckProcess ended) {
        running.remove(ended);
        if (!shutDown && spare != null && spare.isDone() && !spare.isCompletedExceptionally() && spare.join() == ended
                && ended.becameReady()) {
            LOG.infof("The spare check process %d ended while it waited; starting another", ended.pid());
            // Whatever it started goes too; its slot serves the next spare once all of it has ended, unless another is free now.
            ended.kill();
            spare = null;
            replenish();
        }
    }

    private Launch prepare() {
        Path javaHome;
        try {
            javaHome = Path.of(System.getProperty("java.home")).toRealPath();
        } catch (IOException e) {
            throw new IllegalStateException("cannot find the JDK the service runs on", e);
        }
        List<Path> classPath = ChildClassPath.of(CandidateCheckMain.class);
        List<String> java = new ArrayList<>(List.of(javaHome.resolve("bin/java").toString(),
                "-Xmx" + heapMegabytes() + "m",
                // Out of memory is an exit code of its own, and the JVM's last words go to stderr, never into the answer.
                "-XX:+ExitOnOutOfMemoryError", "-XX:+DisplayVMOutputToStderr",
                "-XX:-UsePerfData", "-Duser.timezone=UTC", "-Dfile.encoding=UTF-8",
                // A process lives for one check: the quick compiler alone and the serial collector spend less on
                // themselves than the defaults (a check took 0.8 s instead of 1.3 to 1.5 s; docs/performance.md).
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        config.javaOptions().ifPresent(java::addAll);
        java.addAll(List.of("-cp", String.join(":", classPath.stream().map(Path::toString).toList()), CandidateCheckMain.class.getName()));
        Launch prepared = lowerPriority(sandboxed(java, javaHome, classPath));
        LOG.infof("Candidates are checked in child processes: %s", isolation(prepared, config.timeLimit()));
        LOG.debugf("Check process command: %s", prepared.command());
        return prepared;
    }

    private Launch sandboxed(List<String> java, Path javaHome, List<Path> classPath) {
        if (config.bubblewrap() == CandidateCheckConfig.Bubblewrap.OFF) {
            return new Launch(List.copyOf(java), "bubblewrap switched off: " + SHARED);
        }
        Optional<Path> executable = Executables.find("bwrap", System.getenv("PATH"));
        if (executable.isEmpty()) {
            LOG.warn("bubblewrap (bwrap) is not installed: candidates are checked in child processes that share the service's network"
                    + " and file system; install bubblewrap to confine them");
            return new Launch(List.copyOf(java), "bubblewrap not available: " + SHARED);
        }
        Bubblewrap sandbox = Bubblewrap.sandbox(executable.get(), javaHome, classPath);
        Optional<String> problem = problem(sandbox.wrap(List.of(java.get(0), "-version")));
        if (problem.isPresent()) {
            LOG.warnf("bubblewrap at %s does not work here (%s): candidates are checked in child processes that share the service's"
                    + " network and file system", executable.get(), problem.get());
            return new Launch(List.copyOf(java), "bubblewrap not available (it does not work on this machine): " + SHARED);
        }
        return new Launch(sandbox.wrap(java), "bubblewrap: no network, read-only view of the JDK and the application's jars");
    }

    private Launch lowerPriority(Launch launch) {
        if (config.niceness() == 0) {
            return launch;
        }
        Optional<Path> nice = Executables.find("nice", System.getenv("PATH"));
        if (nice.isEmpty()) {
            LOG.warn("nice is not installed: check processes run at the service's priority");
            return launch;
        }
        List<String> command = new ArrayList<>(List.of(nice.get().toString(), "-n", String.valueOf(config.niceness())));
        command.addAll(launch.command());
        return new Launch(command, launch.confinement() + "; priority lowered (nice " + config.niceness() + ")");
    }

    /** Runs a JVM in the sandbox once: user namespaces may be switched off, or bubblewrap too old for an option. */
    private static Optional<String> problem(List<String> probe) {
        try {
            ProcessBuilder builder = new ProcessBuilder(probe).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().clear();
            Process process = builder.start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.of("a JVM did not start in it within 30 s");
            }
            return process.exitValue() == 0 ? Optional.empty() : Optional.of("exit code " + process.exitValue());
        } catch (IOException e) {
            return Optional.of(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    private String isolation(Duration limit) {
        return isolation(launch, limit);
    }

    private String isolation(Launch prepared, Duration limit) {
        return "child process: " + heapMegabytes() + " MB heap, " + duration(limit) + " time limit, empty environment; "
                + (prepared == null ? "none started yet" : prepared.confinement());
    }

    private long heapMegabytes() {
        return config.heap().asLongValue() / (1024 * 1024);
    }

    private static String duration(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private static CheckProcess join(CompletableFuture<CheckProcess> starting) {
        try {
            return starting.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }

    private static void write(JsonGenerator out, CheckRequest request, CompletableFuture<List<ReplayInput>> toReplay)
            throws IOException {
        out.writeStartObject();
        out.writeFieldName(CheckProtocol.CHECK);
        CheckProtocol.JSON.writeValue(out, request);
        if (request.replaysFollow()) {
            out.flush();
            List<ReplayInput> inputs;
            try {
                inputs = toReplay.join();
            } catch (CompletionException | CancellationException unread) {
                // The inputs could not be read: the check fails with that, and its process is killed.
                return;
            }
            out.writeArrayFieldStart(CheckProtocol.REPLAY);
            for (ReplayInput input : inputs) {
                CheckProtocol.STREAMED.writeValue(out, input);
            }
            out.writeEndArray();
        }
        out.writeEndObject();
    }

    /** Reads the answer after its ready mark, part by part, checking it is the answer to this request. */
    private static <T> void read(JsonParser in, Answer answer, Class<T> answered, ObjIntConsumer<T> each) throws IOException {
        while (in.nextToken() == JsonToken.FIELD_NAME) {
            String part = in.currentName();
            in.nextToken();
            switch (part) {
                case CheckProtocol.COMPILE_ERRORS -> answer.compileErrors = List.of(in.readValueAs(RuleProblem[].class));
                case CheckProtocol.GOLDEN_CASES -> {
                    expect(in, JsonToken.START_ARRAY);
                    while (in.nextToken() == JsonToken.START_OBJECT && answer.goldenCases.size() < answer.sent.size()) {
                        answer.goldenCases.add(in.readValueAs(GoldenCaseResult.class));
                    }
                    expect(in, JsonToken.END_ARRAY);
                }
                case CheckProtocol.REPLAYED -> {
                    expect(in, JsonToken.START_ARRAY);
                    while (in.nextToken() == JsonToken.START_OBJECT && answer.replayed < answer.replays) {
                        each.accept(in.readValueAs(answered), answer.replayed++);
                    }
                    expect(in, JsonToken.END_ARRAY);
                }
                default -> throw new IOException("unexpected part " + part);
            }
        }
        expect(in, JsonToken.END_OBJECT);
        if (!answer.complete()) {
            throw new IOException("the answer is incomplete");
        }
    }

    private static void expect(JsonParser in, JsonToken token) throws IOException {
        if (in.currentToken() != token) {
            throw new IOException("expected " + token + ", got " + in.currentToken());
        }
    }

    /** What the process has answered so far, and so what it was doing when it stopped. */
    private static final class Answer {

        final List<RuleFile> sent;
        /** How many inputs were sent to replay, once they are read. */
        int replays;
        boolean ready;
        List<RuleProblem> compileErrors;
        final List<GoldenCaseResult> goldenCases = new ArrayList<>();
        int replayed;

        Answer(List<RuleFile> sent) {
            this.sent = sent;
        }

        boolean complete() {
            return compileErrors != null && (!compileErrors.isEmpty() || goldenCases.size() == sent.size() && replayed == replays);
        }

        RuleProblem stopped(String why) {
            String what = "the check process " + why;
            if (!ready) {
                return new RuleProblem("", 0, 0, what + " while starting");
            }
            if (compileErrors == null) {
                return new RuleProblem("", 0, 0, what + " while compiling the rules");
            }
            if (goldenCases.size() < sent.size()) {
                return new RuleProblem(sent.get(goldenCases.size()).name(), 0, 0, what + " while running this golden case");
            }
            return new RuleProblem("", 0, 0, what + " while replaying audited decisions (" + replayed + " of " + replays + " done)");
        }

        CheckResult result(RuleProblem stopped, String isolation) {
            return new CheckResult(compileErrors == null ? List.of() : compileErrors, List.copyOf(goldenCases), stopped, isolation);
        }
    }
}
