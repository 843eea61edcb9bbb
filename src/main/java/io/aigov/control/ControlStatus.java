package io.aigov.control;

import java.util.Set;

/** Where a control stands in its current cycle. */
public enum ControlStatus {
    /** Opened for an obligation of the use case's decision; nothing shown yet. */
    OPEN,
    /** Some evidence, not yet every kind the obligation asks for; or returned by review. */
    IN_PROGRESS,
    /** Every kind of evidence the obligation asks for is there: the owner may attest. */
    EVIDENCED,
    /** The owner attested; compliance reviews it. */
    ATTESTED,
    /** Compliance, not the attester, accepted it: met until its next due date, if it recurs. */
    ACCEPTED,
    /** Compliance found it does not apply to this use case, with its reason. */
    NOT_APPLICABLE,
    /** Its due date passed before it was attested. */
    OVERDUE,
    /** The obligation is no longer one of the use case's decision, or the use case left the inventory. */
    CLOSED;

    /** Statuses a control leaves only by an act of compliance, or never. */
    private static final Set<ControlStatus> SETTLED = Set.of(ACCEPTED, NOT_APPLICABLE, CLOSED);

    /** Whether its owner still has something to show: a due date passing makes it overdue. */
    public boolean awaitsOwner() {
        return this == OPEN || this == IN_PROGRESS || this == EVIDENCED || this == OVERDUE;
    }

    public boolean settled() {
        return SETTLED.contains(this);
    }
}
