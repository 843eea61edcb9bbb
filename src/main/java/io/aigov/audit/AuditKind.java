package io.aigov.audit;

/** What an audit record records. */
public enum AuditKind {
    /** The rules' advice on a use case. */
    EVALUATION,
    /** The architecture board's decision on a proposal, taken on one evaluation. */
    BOARD_DECISION,
    /** Something that happened to the rules: a candidate activated or rejected, a file uploaded, a rule change proposed or decided. */
    RULESET_EVENT,
    /** A change to an account: created, its roles or password changed, removed. */
    USER_EVENT,
    /**
     * What would change an evaluation that was answered while its search was cut short or before a
     * search turn came, found afterwards: the evaluation's own record is never changed.
     */
    COUNTERFACTUALS,
    /** Something that happened to a use case in the inventory: registered, moved to another state, flagged or reassessed. */
    INVENTORY_EVENT;

    /** Whether records of this kind say what the rules decided on a use case (and carry the evaluation's fields). */
    public boolean isDecision() {
        return this == EVALUATION || this == BOARD_DECISION;
    }
}
