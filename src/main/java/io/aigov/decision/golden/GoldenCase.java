package io.aigov.decision.golden;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import io.aigov.decision.model.Approach;
import io.aigov.decision.model.ExposureLevel;
import io.aigov.decision.model.UseCase;
import io.aigov.decision.model.Verdict;

/**
 * A use case with the decision a rule author expects for it, kept in {@code rules/tests/*.json}.
 * Every expectation given is checked; one left out (null) is not.
 *
 * @param description    what the case stands for, in the author's words
 * @param evaluationDate the day the rules see as the evaluation date; the day of the check when left out
 * @param input          the request, as it would be posted to /api/evaluations
 * @param expect         the expected decision
 */
public record GoldenCase(String description, LocalDate evaluationDate, UseCase input, Expectation expect) {

    /**
     * @param exposures      the exact set of regimes and levels
     * @param firedRules     rules that must fire (others may fire too)
     * @param notFiredRules  rules that must not fire
     */
    public record Expectation(Approach approach, Boolean ragRecommended, Verdict verdict, Set<ExpectedExposure> exposures,
            List<String> firedRules, List<String> notFiredRules) {
    }

    public record ExpectedExposure(String regime, ExposureLevel level) {
    }
}
