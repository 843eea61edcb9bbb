package io.aigov.evaluation.golden;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.kie.api.runtime.rule.ConsequenceException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.aigov.evaluation.engine.Decision;
import io.aigov.evaluation.engine.DecisionEngine;
import io.aigov.evaluation.engine.EvaluationLimits;
import io.aigov.evaluation.engine.RulesetDefectException;
import io.aigov.ruleset.RuleFile;
import io.aigov.ruleset.Ruleset;

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
        try {
            Decision decision = DecisionEngine.evaluate(ruleset, golden.input(),
                    golden.evaluationDate() == null ? today : golden.evaluationDate(), limits);
            List<String> differences = GoldenCaseCheck.differences(golden.expect(), decision);
            return new GoldenCaseResult(file.name(), differences.isEmpty(), differences);
        } catch (RuntimeException | StackOverflowError e) {
            return new GoldenCaseResult(file.name(), false, List.of("evaluation failed: " + failure(e)));
        }
    }

    /**
     * What went wrong, without the exception's message: rule code chooses that text, and a hostile
     * rule would use it to carry out what it read. Only the rule and the exception type are named.
     */
    public static String failure(Throwable e) {
        if (e instanceof RulesetDefectException defect) {
            return defect.getMessage();
        }
        String rule = e instanceof ConsequenceException consequence && consequence.getMatch() != null
                ? "rule \"" + consequence.getMatch().getRule().getName() + "\" threw " : "";
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return rule + cause.getClass().getName();
    }
}
