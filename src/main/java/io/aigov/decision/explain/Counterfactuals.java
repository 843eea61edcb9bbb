package io.aigov.decision.explain;

import java.util.List;

/**
 * What would change a decision: for the recommended approach and for the verdict, the smallest
 * changes of one field of the input each that give another outcome, every one found by deciding
 * the changed input on the same ruleset.
 *
 * @param approach    changes that give another approach
 * @param verdict     changes that give another verdict
 * @param evaluations how many changed inputs were decided
 * @param complete    false when the search stopped at its budget before trying every change
 */
public record Counterfactuals(List<Counterfactual> approach, List<Counterfactual> verdict, int evaluations, boolean complete) {

    public Counterfactuals {
        approach = List.copyOf(approach);
        verdict = List.copyOf(verdict);
    }

    /**
     * One change of one field and what the decision would be with it.
     *
     * @param field       the input's field, as a request names it
     * @param value       its changed value: a number, true or false, a choice, or the codes of a list
     * @param was         its value in the input
     * @param outcome     the approach or verdict the changed input gets
     * @param description the change in a sentence, for people
     */
    public record Counterfactual(String field, Object value, Object was, String outcome, String description) {
    }
}
