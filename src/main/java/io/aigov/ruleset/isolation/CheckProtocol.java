package io.aigov.ruleset.isolation;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The conversation between the service and a check process: one JSON object each way, over the
 * process's standard input and output. Both are written and read as streams, so an impact analysis
 * over 100,000 decisions never holds them all as text.
 *
 * <p>Request: {@code {"check": CheckRequest, "replay": [ReplayInput, ...]}}, with {@code replay}
 * only for an impact analysis or a simulation, as the request's {@code replaysFollow} says: the process
 * compiles the candidate and runs its golden cases before it reads on, while the service still reads
 * the inputs.
 *
 * <p>Response: {@code {"ready": "yes", "compileErrors": [...], "goldenCases": [...], "replayed": [...]}}.
 * {@code ready} is written once the process is ready, before it reads the request; its value is a
 * string because a parser can tell where a string ends without reading on (after {@code true} it
 * would wait for the next character, which comes only after the request). Then each part
 * as soon as it is known: the compile errors, each golden case's result as it finishes (in the order
 * of the request, one at a time, so the first missing one is the one that was running), and one
 * {@code DecisionOutcome} per replayed input, in the order of the inputs. A candidate that does not
 * compile gets neither golden cases nor replays.
 */
public final class CheckProtocol {

    /**
     * The argument that makes a process warm up before it says it is ready: a spare, which waits for
     * a check that has not come yet. A process started for a check that waits already would only
     * make it wait longer: compiling the candidate warms it up as well.
     */
    public static final String WARM_UP = "--warm-up";

    public static final String CHECK = "check";
    public static final String REPLAY = "replay";
    public static final String READY = "ready";
    public static final String READY_VALUE = "yes";
    public static final String COMPILE_ERRORS = "compileErrors";
    public static final String GOLDEN_CASES = "goldenCases";
    public static final String REPLAYED = "replayed";

    public static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** For values written many in a row (inputs, outcomes): the writer flushes once per batch, not once per value. */
    public static final ObjectWriter STREAMED = JSON.writer().without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);

    private CheckProtocol() {
    }
}
