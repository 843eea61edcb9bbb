package io.aigov.audit;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
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

import io.aigov.bench.core.DecisionCoreBenchmark;
import io.aigov.decision.engine.Decision;
import io.aigov.decision.engine.DecisionEngine;
import io.aigov.decision.explain.CounterfactualSearch;
import io.aigov.decision.model.UseCase;
import io.aigov.decision.ruleset.Ruleset;
import io.aigov.decision.ruleset.RulesetCompiler;
import io.aigov.decision.ruleset.RulesetSource;

/**
 * What an evaluation's audit record costs before the chain's one writer takes it: its canonical
 * text, which the record is hashed over (and which verification writes again for a record without
 * its kept text), and the whole preparation, the text and every column's value. The README's use
 * case as the service records it, decided on the shipped rules with its why-not answer. Run with
 * {@code bench/decision-core.sh AuditRecordBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider")
public class AuditRecordBenchmark {

    private AuditRecord evaluation;

    @Setup
    public void recordTheReadmeUseCase() throws IOException {
        Ruleset shipped = RulesetCompiler.compile(RulesetSource.bundled(), RulesetSource.BUNDLED);
        UseCase useCase = shipped.declarations().understood(DecisionCoreBenchmark.read("use-case.json"));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Decision decision = DecisionEngine.evaluate(shipped, useCase, today, DecisionCoreBenchmark.LIMITS);
        evaluation = AuditRecord.ofEvaluation(UUID.randomUUID(), Instant.now().truncatedTo(ChronoUnit.MICROS), "submitter", useCase,
                List.of(), decision, CounterfactualSearch.search(shipped, useCase, decision, today, DecisionCoreBenchmark.LIMITS,
                        DecisionCoreBenchmark.SEARCH_BUDGET));
    }

    @Benchmark
    public String canonicalTextOfAnEvaluation() {
        return AuditChain.canonical(evaluation);
    }

    @Benchmark
    public ChainAppender.Prepared evaluationPreparedForTheWriter() {
        return ChainAppender.prepare(evaluation);
    }
}
