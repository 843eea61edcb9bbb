package io.aigov.proposal;

/** What an {@code INVENTORY_EVENT} record of the audit chain says happened to a use case. */
public enum InventoryEvent {
    /** Submitted as a proposal, with its first evaluation. */
    REGISTERED,
    /** Moved from one state to another, by a person or by the service (auto-approval, reassessment). */
    STATE_CHANGED,
    /** An open proposal decided differently by a new ruleset version, for the board to see. */
    FLAGGED,
    /**
     * A use case in use decided again, on a new ruleset version or because a date the rules compare
     * with arrived: changed (it is then under reassessment) or unchanged.
     */
    REASSESSED,
    /** A use case in use will be decided differently on a date within the horizon: its owner and the board are told ahead. */
    UPCOMING
}
