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
 * @param replaysFollow  whether inputs to replay follow the request: the process compiles the candidate and runs its
 *                       golden cases while the service is still reading them
 */
public record CheckRequest(List<RuleFile> rules, List<RuleFile> goldenCases, EvaluationLimits limits, boolean explainReplays,
        boolean replaysFollow) {

    public CheckRequest(List<RuleFile> rules, List<RuleFile> goldenCases, EvaluationLimits limits) {
        this(rules, goldenCases, limits, false, false);
    }

    /** The candidate checked, then the inputs that follow decided on it, each answered with its outcome. */
    public CheckRequest replaying() {
        return new CheckRequest(rules, goldenCases, limits, explainReplays, true);
    }

    /** As {@link #replaying}, each input answered with its whole decision. */
    public CheckRequest explained() {
        return new CheckRequest(rules, goldenCases, limits, true, true);
    }
}
