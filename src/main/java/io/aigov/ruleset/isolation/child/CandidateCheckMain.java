package io.aigov.ruleset.isolation.child;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.aigov.decision.engine.EvaluationLimits;
import io.aigov.decision.golden.GoldenCaseRun;
import io.aigov.decision.rulefile.RuleFile;
import io.aigov.decision.ruleset.InvalidRulesetException;
import io.aigov.decision.ruleset.Ruleset;
import io.aigov.decision.ruleset.RulesetCompiler;
import io.aigov.decision.ruleset.RulesetSource;
import io.aigov.ruleset.isolation.CheckProtocol;
import io.aigov.ruleset.isolation.CheckRequest;
import io.aigov.ruleset.isolation.ReplayInput;
import io.aigov.ruleset.isolation.SimulatedDecision;
import io.aigov.shared.DaemonThreads;

/**
 * The check process: compiles one candidate ruleset, runs its golden cases and, for an impact
 * analysis, replays audited inputs on it, answering as {@link CheckProtocol} says; then it exits, so
 * no candidate ever shares a JVM with the next. The service starts it ahead of need, with an empty
 * environment and a small heap, under bubblewrap where that works, and kills it at its time limit.
 *
 * <p>A spare, started with {@link CheckProtocol#WARM_UP}, warms up (compiles the bundled rules and
 * runs their golden cases) before it says it is ready, so a candidate is checked in a fraction of what
 * a cold JVM would take. It exits as soon as its standard input closes, which is what happens when
 * the service is gone.
 */
public final class CandidateCheckMain {

    /** Replayed inputs read ahead of their outcomes: enough to keep every core busy, few enough to answer as a stream. */
    private static final int REPLAYS_IN_FLIGHT = 512;
    private static final EvaluationLimits WARM_UP_LIMITS = new EvaluationLimits(10_000, Duration.ofSeconds(10));
    private static final String SOURCE = "check process";

    private CandidateCheckMain() {
    }

    public static void main(String[] args) throws IOException {
        // Only the answer may reach the real standard output: whatever libraries (or rules) print goes to stderr.
        OutputStream answer = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out));
        System.setOut(System.err);
        // The libraries would log through the service's logging (Quarkus' log manager, which keeps every record, even
        // Drools' trace of each rule network step, until it is set up, which in this process it never is): a replay
        // took four times as long. Drools' own logs go nowhere; ours go to stderr.
        System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
        System.setProperty("org.jboss.logging.provider", "jdk");
        if (Arrays.asList(args).contains(CheckProtocol.WARM_UP)) {
            warmUp();
        }
        JsonGenerator out = CheckProtocol.JSON.createGenerator(answer);
        out.writeStartObject();
        out.writeStringField(CheckProtocol.READY, CheckProtocol.READY_VALUE);
        out.flush();
        // Created only now, since creating a parser already waits for the request.
        // Closed last: the answer is complete before our input is let go.
        try (JsonParser in = CheckProtocol.JSON.createParser(System.in); out) {
            if (in.nextToken() != JsonToken.START_OBJECT) {
                // The service closed our input without a request: it is shutting down, or gone.
                Runtime.getRuntime().halt(0);
            }
            expectField(in, CheckProtocol.CHECK);
            in.nextToken();
            CheckRequest request = in.readValueAs(CheckRequest.class);
            if (!request.replaysFollow()) {
                if (in.nextToken() != JsonToken.END_OBJECT) {
                    throw new IOException("expected the end of the request");
                }
                exitWhenInputCloses(System.in);
            }
            check(request, request.replaysFollow() ? in : null, out);
            out.writeEndObject();
        }
        // halt, not exit: nothing the rules left behind (threads, shutdown hooks) may delay or change the exit.
        Runtime.getRuntime().halt(0);
    }

    private static void check(CheckRequest request, JsonParser replayInputs, JsonGenerator out) throws IOException {
        Ruleset ruleset;
        try {
            ruleset = RulesetCompiler.compileExamined(request.rules(), SOURCE);
        } catch (InvalidRulesetException e) {
            out.writeFieldName(CheckProtocol.COMPILE_ERRORS);
            CheckProtocol.JSON.writeValue(out, e.problems());
            return;
        }
        out.writeFieldName(CheckProtocol.COMPILE_ERRORS);
        out.writeStartArray();
        out.writeEndArray();
        out.writeArrayFieldStart(CheckProtocol.GOLDEN_CASES);
        for (RuleFile goldenCase : request.goldenCases()) {
            // One at a time, each answered when done: if the process is stopped, the first unanswered case is the culprit.
            CheckProtocol.JSON.writeValue(out, GoldenCaseRun.run(ruleset, List.of(goldenCase), request.limits()).get(0));
        }
        out.writeEndArray();
        out.flush();
        if (replayInputs != null) {
            // Only now: the service reads the inputs while the candidate compiles and its golden cases run.
            expectField(replayInputs, CheckProtocol.REPLAY);
            replay(ruleset, request.limits(), request.explainReplays(), replayInputs, out);
        }
    }

    private static void replay(Ruleset ruleset, EvaluationLimits limits, boolean explained, JsonParser in, JsonGenerator out)
            throws IOException {
        if (in.nextToken() != JsonToken.START_ARRAY) {
            throw new IOException("expected the array of inputs to replay");
        }
        out.writeArrayFieldStart(CheckProtocol.REPLAYED);
        // Inputs are read and outcomes written while the deciders work, one decider per core.
        ExecutorService deciders = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), DaemonThreads.named("replay"));
        Deque<Future<?>> deciding = new ArrayDeque<>();
        while (in.nextToken() == JsonToken.START_OBJECT) {
            ReplayInput input = in.readValueAs(ReplayInput.class);
            deciding.add(explained ? deciders.submit(() -> SimulatedDecision.of(ruleset, input, limits))
                    : deciders.submit(() -> GoldenCaseRun.replay(ruleset, input.input(), input.evaluationDate(), limits)));
            if (deciding.size() == REPLAYS_IN_FLIGHT) {
                writeDecided(deciding, REPLAYS_IN_FLIGHT / 2, out);
            }
        }
        writeDecided(deciding, deciding.size(), out);
        out.writeEndArray();
        if (in.currentToken() != JsonToken.END_ARRAY || in.nextToken() != JsonToken.END_OBJECT) {
            throw new IOException("the request did not end after the inputs to replay");
        }
    }

    /** Writes the oldest outcomes in the order of their inputs, waiting for them as needed. */
    private static void writeDecided(Deque<Future<?>> deciding, int count, JsonGenerator out) throws IOException {
        try {
            for (int i = 0; i < count; i++) {
                CheckProtocol.STREAMED.writeValue(out, deciding.removeFirst().get());
            }
        } catch (InterruptedException | ExecutionException e) {
            throw new IOException("replaying an input failed", e);
        }
        out.flush();
    }

    /**
     * Compiling and evaluating once makes the JIT and the class loading that a first compilation
     * pays for happen before the candidate arrives, when nobody waits.
     */
    private static void warmUp() {
        try {
            Ruleset bundled = RulesetCompiler.compileExamined(RulesetSource.bundled(), RulesetSource.BUNDLED);
            GoldenCaseRun.run(bundled, RulesetSource.bundledGoldenCases(), WARM_UP_LIMITS);
        } catch (RuntimeException e) {
            // Only slower without it: the candidate is still checked.
            System.err.println("Warming up failed: " + e);
        }
    }

    private static void expectField(JsonParser in, String name) throws IOException {
        if (in.nextToken() != JsonToken.FIELD_NAME || !name.equals(in.currentName())) {
            throw new IOException("expected the field " + name);
        }
    }

    /** Once the whole request is read, the only thing left on our input is its end: the service closed it, or died. */
    private static void exitWhenInputCloses(InputStream input) {
        Thread watcher = new Thread(() -> {
            try {
                while (input.read() >= 0) {
                    // nothing else is sent
                }
            } catch (IOException e) {
                // closed all the same
            }
            Runtime.getRuntime().halt(0);
        }, "input-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }
}
