package io.aigov.ruleset.isolation;

import io.aigov.decision.engine.Decision;
import io.aigov.decision.engine.DecisionEngine;
import io.aigov.decision.engine.EvaluationLimits;
import io.aigov.decision.golden.GoldenCaseRun;
import io.aigov.decision.ruleset.Ruleset;

/**
 * One input decided on a candidate with its explanation, for the rule author's simulator: the
 * decision, or how the rules failed on it.
 *
 * @param failure null when decided; otherwise what went wrong, as a replay reports it
 */
public record SimulatedDecision(Decision decision, String failure) {

    /** The input decided with its fired rules and reasons, or how the rules failed on it. */
    public static SimulatedDecision of(Ruleset ruleset, ReplayInput input, EvaluationLimits limits) {
        try {
            return new SimulatedDecision(DecisionEngine.evaluate(ruleset, input.input(), input.evaluationDate(), limits), null);
        } catch (RuntimeException | StackOverflowError e) {
            return new SimulatedDecision(null, GoldenCaseRun.failure(e));
        }
    }
}
