package io.aigov.decision.golden;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.aigov.decision.engine.Decision;
import io.aigov.decision.engine.DecisionEngine;
import io.aigov.decision.engine.DecisionOutcome;
import io.aigov.decision.engine.EvaluationLimits;
import io.aigov.decision.engine.RulesetDefectException;
import io.aigov.decision.model.UseCase;
import io.aigov.decision.rulefile.RuleFile;
import io.aigov.decision.ruleset.Ruleset;

/** Runs golden-case files against a compiled ruleset; a case that cannot be read or evaluated fails with the reason. */
public final class GoldenCaseRun {

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addModule(new JavaTimeModule())
            .build();

    private GoldenCaseRun() {
    }

    public static GoldenCase read(RuleFile file) throws JsonProcessingException {
        return STRICT.readValue(file.content(), GoldenCase.class);
    }

    /** Results in the order of the files; cases run in parallel, since activation waits for them. */
    public static List<GoldenCaseResult> run(Ruleset ruleset, List<RuleFile> cases, EvaluationLimits limits) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        return cases.parallelStream().map(file -> run(ruleset, file, today, limits)).toList();
    }

    private static GoldenCaseResult run(Ruleset ruleset, RuleFile file, LocalDate today, EvaluationLimits limits) {
        GoldenCase golden;
        try {
            golden = read(file);
        } catch (JsonProcessingException e) {
            return new GoldenCaseResult(file.name(), false, List.of("cannot be read: " + e.getOriginalMessage()));
        }
        if (golden.input() == null || golden.expect() == null) {
            return new GoldenCaseResult(file.name(), false, List.of("needs both \"input\" and \"expect\""));
        }
        List<String> undeclared = ruleset.declarations().problemsWith(golden.input()).entrySet().stream()
                .map(problem -> "input." + problem.getKey() + ": " + problem.getValue()).toList();
        if (!undeclared.isEmpty()) {
            return new GoldenCaseResult(file.name(), false, undeclared);
        }
        try {
            Decision decision = DecisionEngine.evaluate(ruleset, golden.input(),
                    golden.evaluationDate() == null ? today : golden.evaluationDate(), limits);
            List<String> differences = GoldenCaseCheck.differences(golden.expect(), decision);
            return new GoldenCaseResult(file.name(), differences.isEmpty(), differences);
        } catch (RuntimeException | StackOverflowError e) {
            return new GoldenCaseResult(file.name(), false, List.of("evaluation failed: " + failure(e)));
        }
    }

    /** What the rules decide on one input, or how they failed on it, as a replay records it. */
    public static DecisionOutcome replay(Ruleset ruleset, UseCase input, LocalDate evaluationDate, EvaluationLimits limits) {
        try {
            return DecisionEngine.outcome(ruleset, input, evaluationDate, limits);
        } catch (RuntimeException | StackOverflowError e) {
            return DecisionOutcome.failed(failure(e));
        }
    }

    /** What went wrong: the engine's account of a rules defect, otherwise only the exception's type (rule code chooses messages). */
    public static String failure(Throwable e) {
        return e instanceof RulesetDefectException defect ? defect.getMessage() : e.getClass().getName();
    }
}
