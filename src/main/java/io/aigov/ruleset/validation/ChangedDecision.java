package io.aigov.ruleset.validation;

import java.util.UUID;

import io.aigov.decision.engine.DecisionOutcome;

/**
 * A recent decision a candidate ruleset decides otherwise, when replayed on it.
 *
 * @param id    the audit record of the decision
 * @param after how the candidate decides; {@code failure} says why when it reaches no decision
 */
public record ChangedDecision(UUID id, DecisionOutcome before, DecisionOutcome after) {
}
