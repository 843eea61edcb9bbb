package io.aigov.ruleset.isolation;

import java.time.LocalDate;

import io.aigov.decision.model.UseCase;

/**
 * An audited evaluation to decide again on a candidate: what was asked, and the day the rules saw
 * as the evaluation date.
 */
public record ReplayInput(LocalDate evaluationDate, UseCase input) {
}
