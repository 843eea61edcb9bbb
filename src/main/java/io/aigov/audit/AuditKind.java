package io.aigov.audit;

/** What an audit record records. */
public enum AuditKind {
    /** The rules' advice on a use case. */
    EVALUATION(false),
    /** The architecture board's decision on a proposal, taken on one evaluation. */
    BOARD_DECISION(false),
    /** Something that happened to the rules: a candidate activated or rejected, a file uploaded, a rule change proposed or decided. */
    RULESET_EVENT(true),
    /** A change to an account: created, its roles or password changed, removed. */
    USER_EVENT(true),
    /**
     * What would change an evaluation that was answered while its search was cut short or before a
     * search turn came, found afterwards: the evaluation's own record is never changed.
     */
    COUNTERFACTUALS(false),
    /** Something that happened to a use case in the inventory: registered, moved to another state, flagged or reassessed. */
    INVENTORY_EVENT(true),
    /** Something that happened to a use case's control: opened, evidence added (with its SHA-256), attested, reviewed, overdue, closed. */
    CONTROL_EVENT(true);

    private final boolean event;

    AuditKind(boolean event) {
        this.event = event;
    }

    /** Whether records of this kind hold what happened as an {@link AuditEvent} of their own, and no evaluation. */
    public boolean isEvent() {
        return event;
    }

    /** Whether records of this kind say what the rules decided on a use case (and carry the evaluation's fields). */
    public boolean isDecision() {
        return this == EVALUATION || this == BOARD_DECISION;
    }
}
