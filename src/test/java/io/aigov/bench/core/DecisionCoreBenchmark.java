package io.aigov.bench.core;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.aigov.decision.engine.Decision;
import io.aigov.decision.engine.DecisionEngine;
import io.aigov.decision.engine.EvaluationLimits;
import io.aigov.decision.explain.CounterfactualSearch;
import io.aigov.decision.explain.Counterfactuals;
import io.aigov.decision.model.UseCase;
import io.aigov.decision.ruleset.Ruleset;
import io.aigov.decision.ruleset.RulesetCompiler;
import io.aigov.decision.ruleset.RulesetSource;

/**
 * The decision core alone, on the shipped rules: no HTTP, no database, no audit record. Each
 * benchmark is one call the service makes per request: a decision of the README's use case
 * (bench/use-case.json), a decision of a use case that every regime concerns
 * (bench/use-case-all-regimes.json), and the why-not search an answer carries, with the service's
 * default budget. Sample time: JMH reports the median (p0.50) with the other percentiles.
 * Run with bench/decision-core.sh.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
// Drools logs each step of its rule network at trace level: the service's logging drops those at once, and so does NOP here
// (without it, the benchmark JVM's default logging formats every one of them).
@Fork(value = 1, jvmArgsAppend = "-Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider")
public class DecisionCoreBenchmark {

    /** What the service allows by default (aigov.rules.max-firings, aigov.rules.evaluation-deadline). */
    public static final EvaluationLimits LIMITS = new EvaluationLimits(10_000, Duration.ofSeconds(2));
    /** The search's default budget (aigov.evaluation.counterfactuals.max-evaluations and max-time). */
    public static final CounterfactualSearch.Budget SEARCH_BUDGET = new CounterfactualSearch.Budget(200, Duration.ofSeconds(1));
    private static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private Ruleset shipped;
    private UseCase readmeUseCase;
    private UseCase allRegimes;
    private Decision readmeDecision;
    private LocalDate today;

    @Setup
    public void compileTheShippedRules() throws IOException {
        shipped = RulesetCompiler.compile(RulesetSource.bundled(), RulesetSource.BUNDLED);
        readmeUseCase = shipped.declarations().understood(read("use-case.json"));
        allRegimes = shipped.declarations().understood(read("use-case-all-regimes.json"));
        today = LocalDate.now(ZoneOffset.UTC);
        readmeDecision = DecisionEngine.evaluate(shipped, readmeUseCase, today, LIMITS);
    }

    /** A use case of the bench folder, as the request body gives it. */
    public static UseCase read(String file) throws IOException {
        return JSON.readValue(Path.of("bench", file).toFile(), UseCase.class);
    }

    @Benchmark
    public Decision decideTheReadmeUseCase() {
        return DecisionEngine.evaluate(shipped, readmeUseCase, today, LIMITS);
    }

    @Benchmark
    public Decision decideTheAllRegimesUseCase() {
        return DecisionEngine.evaluate(shipped, allRegimes, today, LIMITS);
    }

    @Benchmark
    public Counterfactuals searchWhyNotForTheReadmeUseCase() {
        return CounterfactualSearch.search(shipped, readmeUseCase, readmeDecision, today, LIMITS, SEARCH_BUDGET);
    }
}
