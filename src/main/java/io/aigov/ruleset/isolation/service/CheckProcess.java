package io.aigov.ruleset.isolation.service;

import java.io.BufferedReader;
import java.io.File;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.aigov.ruleset.isolation.CheckProtocol;

/**
 * One check process, from its start to its end: it warms up if it is a spare, says it is ready,
 * takes one request and answers it. Its standard error is read all along (a full pipe would stall
 * it) but only its last lines are kept, for the log: what a process prints may come from rule code,
 * so it never goes into a report.
 */
final class CheckProcess {

    private static final Logger LOG = Logger.getLogger(CheckProcess.class);
    private static final int ERROR_LINES_KEPT = 10;
    private static final int ERROR_LINE_LENGTH = 300;
    /** Enough for a report on a large ruleset; an impact analysis adds room for its outcomes. */
    private static final long ANSWER_BYTES = 8L * 1024 * 1024;
    private static final long ANSWER_BYTES_PER_REPLAY = 1024;
    /** How long a process whose answer broke off may take to exit before it is taken to be still running. */
    private static final Duration EXIT_GRACE = Duration.ofSeconds(5);
    /** How long a killed process and what it started may take to end before they are taken to be gone anyway. */
    private static final Duration ENDING_GRACE = Duration.ofSeconds(10);

    /** A request, written to the process's standard input. */
    interface Request {
        void writeTo(JsonGenerator out) throws IOException;
    }

    private final Process process;
    private final BoundedInputStream answerBytes;
    /** Created by the thread that awaits the ready mark: creating a parser already reads. */
    private volatile JsonParser answer;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final Deque<String> lastErrorLines = new ArrayDeque<>();
    private volatile boolean stoppedAtTimeLimit;
    private volatile ScheduledFuture<?> timeLimit;
    private volatile long timeLimitStarted;
    /**
     * The processes it started (under bubblewrap the JVM is a grandchild), noted once it is ready and
     * when it is killed: they may outlive it briefly, and no longer count as its descendants once it
     * has ended.
     */
    private final Set<ProcessHandle> started = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<Void> ended;

    private CheckProcess(Process process) {
        this.process = process;
        this.answerBytes = new BoundedInputStream(process.getInputStream(), ANSWER_BYTES);
        this.ended = process.onExit().thenCompose(exited -> CompletableFuture.allOf(
                started.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new)));
    }

    /** Starts a process with nothing of the service's environment. */
    static CheckProcess start(List<String> command, Executor io) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.directory(new File(System.getProperty("java.io.tmpdir")));
        CheckProcess child = new CheckProcess(builder.start());
        io.execute(child::keepLastErrorLines);
        io.execute(child::awaitReadyMark);
        return child;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    /**
     * Completes once the process and every process it was seen to start have ended: a killed process
     * takes a moment to go, and until then its memory is still taken. Once it has been killed, at the
     * latest after a grace period, so that a process the system cannot reap is not waited for forever.
     */
    CompletableFuture<Void> ended() {
        return ended;
    }

    /** Whether the process or one it started is still there, as when its grace period ran out. */
    boolean lingers() {
        return process.isAlive() || started.stream().anyMatch(ProcessHandle::isAlive);
    }

    /** Whether it said it is ready; a process killed afterwards still counts. */
    boolean becameReady() {
        return ready.isDone() && !ready.isCompletedExceptionally();
    }

    /** Waits until the process is ready; one that does not get there in time is killed. */
    void awaitReady(Duration within) throws IOException {
        try {
            ready.get(within.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            stopAtTimeLimit();
            throw new IOException("not ready within " + within);
        } catch (ExecutionException e) {
            throw new IOException("ended before it was ready", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            throw new IOException("interrupted while waiting for the check process");
        }
    }

    /**
     * Sends the request from another thread, so that a long request (the inputs of an impact
     * analysis) and the answer flow at the same time. The process's input stays open: closing it
     * tells the process that the service is gone.
     */
    void send(Request request, Executor io) {
        io.execute(() -> {
            try (JsonGenerator out = CheckProtocol.JSON.createGenerator(process.getOutputStream())) {
                out.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                request.writeTo(out);
                out.flush();
            } catch (IOException e) {
                // The process stopped reading: it answered early (a candidate that does not compile), or it ended.
                LOG.debugf("Check process %d took no more of its request: %s", process.pid(), e.getMessage());
            }
        });
    }

    /** The answer may be longer by this many replayed decisions. */
    void allowReplays(int replays) {
        answerBytes.allow(ANSWER_BYTES + ANSWER_BYTES_PER_REPLAY * replays);
    }

    /** Kills the process when the time limit is up, unless it has answered and been let go before. */
    void stopAfter(Duration limit, ScheduledExecutorService timer) {
        timeLimitStarted = System.nanoTime();
        timeLimit = timer.schedule(this::stopAtTimeLimit, limit.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Moves the time limit set by {@link #stopAfter} to this long after it started, unless it is up already. */
    void extendTimeLimit(Duration limit, ScheduledExecutorService timer) {
        ScheduledFuture<?> pending = timeLimit;
        if (pending != null && pending.cancel(false)) {
            long left = limit.toNanos() - (System.nanoTime() - timeLimitStarted);
            timeLimit = timer.schedule(this::stopAtTimeLimit, Math.max(0, left), TimeUnit.NANOSECONDS);
        }
    }

    /** The answer, from just after its ready mark. */
    JsonParser answer() {
        return answer;
    }

    boolean stoppedAtTimeLimit() {
        return stoppedAtTimeLimit;
    }

    /**
     * The exit code of a process whose answer broke off, once it has exited; empty when it is still
     * running (it wrote something that is not an answer), in which case it is killed.
     */
    OptionalInt awaitExit() {
        try {
            if (process.waitFor(EXIT_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                return OptionalInt.of(process.exitValue());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kill();
        return OptionalInt.empty();
    }

    /** Kills the process and whatever it started (under bubblewrap the JVM is a grandchild). */
    void kill() {
        ScheduledFuture<?> pending = timeLimit;
        if (pending != null) {
            pending.cancel(false);
        }
        process.descendants().forEach(descendant -> {
            started.add(descendant);
            descendant.destroyForcibly();
        });
        process.destroyForcibly();
        ended.completeOnTimeout(null, ENDING_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        closeQuietly(process.getOutputStream());
    }

    /** The last lines the process wrote to its standard error, for the log. */
    String lastErrorLines() {
        synchronized (lastErrorLines) {
            return String.join(System.lineSeparator(), lastErrorLines);
        }
    }

    private void stopAtTimeLimit() {
        stoppedAtTimeLimit = true;
        kill();
    }

    private void awaitReadyMark() {
        try {
            answer = CheckProtocol.JSON.createParser(answerBytes);
            if (answer.nextToken() == JsonToken.START_OBJECT && answer.nextToken() == JsonToken.FIELD_NAME
                    && CheckProtocol.READY.equals(answer.currentName()) && answer.nextToken() == JsonToken.VALUE_STRING
                    && CheckProtocol.READY_VALUE.equals(answer.getText())) {
                // The JVM wrote the mark, so every process between it and the service has started.
                process.descendants().forEach(started::add);
                ready.complete(null);
            } else {
                ready.completeExceptionally(new IOException("the process did not start its answer with its ready mark"));
            }
        } catch (IOException | RuntimeException e) {
            ready.completeExceptionally(e);
        }
    }

    private void keepLastErrorLines() {
        try (BufferedReader errors = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = errors.readLine()) != null) {
                synchronized (lastErrorLines) {
                    if (lastErrorLines.size() == ERROR_LINES_KEPT) {
                        lastErrorLines.removeFirst();
                    }
                    lastErrorLines.addLast(line.length() > ERROR_LINE_LENGTH ? line.substring(0, ERROR_LINE_LENGTH) + "..." : line);
                }
            }
        } catch (IOException e) {
            // The process ended.
        }
    }

    private static void closeQuietly(OutputStream stream) {
        try {
            stream.close();
        } catch (IOException e) {
            // Already gone with the process.
        }
    }

    /** Refuses to read past a limit, so that no answer, however long, can fill the service's memory. */
    private static final class BoundedInputStream extends FilterInputStream {

        private volatile long limit;
        private long read;

        BoundedInputStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        void allow(long bytes) {
            limit = bytes;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (read >= limit) {
                throw new IOException("the answer is longer than " + limit + " bytes");
            }
            int count = super.read(buffer, offset, (int) Math.min(length, limit - read));
            if (count > 0) {
                read += count;
            }
            return count;
        }
    }
}
