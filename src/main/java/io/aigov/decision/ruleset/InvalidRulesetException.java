package io.aigov.decision.ruleset;

import java.util.List;
import java.util.stream.Collectors;

import io.aigov.decision.rulefile.RuleProblem;

/** A candidate ruleset that cannot be activated, with every problem found in it. */
public class InvalidRulesetException extends RuntimeException {

    private final List<RuleProblem> problems;

    public InvalidRulesetException(List<RuleProblem> problems) {
        super(problems.stream().map(RuleProblem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<RuleProblem> problems() {
        return problems;
    }
}
