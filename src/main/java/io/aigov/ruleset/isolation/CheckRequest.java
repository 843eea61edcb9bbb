package io.aigov.ruleset.isolation;

import java.util.List;

import io.aigov.decision.engine.EvaluationLimits;
import io.aigov.decision.rulefile.RuleFile;

/**
 * A candidate as a check process receives it: its rule files, its golden cases, and the limits each
 * evaluation runs within.
 *
 * @param explainReplays whether each replayed input is answered with the whole decision, fired rules and
 *                       reasons included ({@link SimulatedDecision}, for the rule author's simulator), rather
 *                       than its outcome alone (an impact analysis)
 */
public record CheckRequest(List<RuleFile> rules, List<RuleFile> goldenCases, EvaluationLimits limits, boolean explainReplays) {

    public CheckRequest(List<RuleFile> rules, List<RuleFile> goldenCases, EvaluationLimits limits) {
        this(rules, goldenCases, limits, false);
    }

    public CheckRequest explained() {
        return new CheckRequest(rules, goldenCases, limits, true);
    }
}
