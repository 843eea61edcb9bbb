package io.aigov.ruleset.isolation;

import io.aigov.decision.engine.Decision;

/**
 * One input decided on a candidate with its explanation, for the rule author's simulator: the
 * decision, or how the rules failed on it.
 *
 * @param failure null when decided; otherwise what went wrong, as a replay reports it
 */
public record SimulatedDecision(Decision decision, String failure) {
}
