package io.aigov.decision.engine;

/** The active ruleset failed to reach a decision: a defect in the rules, not in the request. */
public class RulesetDefectException extends RuntimeException {

    public RulesetDefectException(String message) {
        super(message);
    }
}
