package io.aigov.evaluation.golden;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.List;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.aigov.evaluation.engine.Decision;
import io.aigov.evaluation.engine.DecisionEngine;
import io.aigov.ruleset.RuleFile;
import io.aigov.ruleset.Ruleset;

/** Runs golden-case files against a compiled ruleset; a case that cannot be read or evaluated fails with the reason. */
public final class GoldenCaseRun {

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private GoldenCaseRun() {
    }

    public static GoldenCase read(RuleFile file) throws JsonProcessingException {
        return STRICT.readValue(file.content(), GoldenCase.class);
    }

    /** Results in the order of the files; cases run in parallel, since activation waits for them. */
    public static List<GoldenCaseResult> run(Ruleset ruleset, List<RuleFile> cases, int maxFirings) {
        return cases.parallelStream().map(file -> run(ruleset, file, maxFirings)).toList();
    }

    private static GoldenCaseResult run(Ruleset ruleset, RuleFile file, int maxFirings) {
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
            Decision decision = DecisionEngine.evaluate(ruleset, golden.input(), maxFirings);
            List<String> differences = GoldenCaseCheck.differences(golden.expect(), decision);
            return new GoldenCaseResult(file.name(), differences.isEmpty(), differences);
        } catch (RuntimeException e) {
            return new GoldenCaseResult(file.name(), false, List.of("evaluation failed: " + e.getMessage()));
        }
    }
}
