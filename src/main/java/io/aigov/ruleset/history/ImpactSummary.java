package io.aigov.ruleset.history;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.aigov.ruleset.validation.ChangedDecision;

/**
 * What a rule change was found to do to recent decisions when it was proposed, as it is kept with
 * the change.
 *
 * @param replayed how many of the latest decisions were replayed on the candidate
 * @param changed  how many of them it decides otherwise
 * @param changes  the first of those, as many as are kept
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImpactSummary(int replayed, int changed, List<ChangedDecision> changes) {

    public ImpactSummary {
        changes = changes == null ? List.of() : List.copyOf(changes);
    }

    /** What a change proposed without replaying anything shows. */
    public static final ImpactSummary NONE = new ImpactSummary(0, 0, List.of());
}
