package io.aigov.decision.golden;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import io.aigov.decision.engine.Decision;
import io.aigov.decision.model.FiredRule;

/** Compares a decision with a golden case's expectations; each difference says expected versus actual. */
public final class GoldenCaseCheck {

    private GoldenCaseCheck() {
    }

    public static List<String> differences(GoldenCase.Expectation expect, Decision actual) {
        List<String> differences = new ArrayList<>();
        compare(differences, "approach", expect.approach(), actual.approach());
        compare(differences, "ragRecommended", expect.ragRecommended(), actual.ragRecommended());
        compare(differences, "verdict", expect.verdict(), actual.verdict());
        if (expect.exposures() != null) {
            Set<GoldenCase.ExpectedExposure> exposures = actual.exposures().stream()
                    .map(e -> new GoldenCase.ExpectedExposure(e.regime(), e.level())).collect(Collectors.toSet());
            compare(differences, "exposures", expect.exposures(), exposures);
        }
        Set<String> fired = actual.firedRules().stream().map(FiredRule::name).collect(Collectors.toSet());
        if (expect.firedRules() != null) {
            for (String rule : expect.firedRules()) {
                if (!fired.contains(rule)) {
                    differences.add("rule " + rule + ": expected to fire, but did not (fired: " + fired + ")");
                }
            }
        }
        if (expect.notFiredRules() != null) {
            for (String rule : expect.notFiredRules()) {
                if (fired.contains(rule)) {
                    differences.add("rule " + rule + ": expected not to fire, but fired");
                }
            }
        }
        return differences;
    }

    private static void compare(List<String> differences, String what, Object expected, Object actual) {
        if (expected != null && !Objects.equals(expected, actual)) {
            differences.add(what + ": expected " + expected + ", actual " + actual);
        }
    }
}
