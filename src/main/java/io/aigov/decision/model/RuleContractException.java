package io.aigov.decision.model;

/**
 * The rules asked the fact model for something it does not give: a threshold that is not
 * defined, more explanation than an evaluation may carry, more facts than it may hold. A defect of
 * the rules, reported to their author with this message.
 */
public class RuleContractException extends IllegalArgumentException {

    public RuleContractException(String message) {
        super(message);
    }
}
