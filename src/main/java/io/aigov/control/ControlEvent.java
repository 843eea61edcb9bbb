package io.aigov.control;

/** What a {@code CONTROL_EVENT} record of the audit chain says happened to a control. */
public enum ControlEvent {
    /** Opened for an obligation of the use case's decision. */
    OPENED,
    /** Its owner changed. */
    OWNER_ASSIGNED,
    /** A file (with its SHA-256) or a link was added as evidence. */
    EVIDENCE_ADDED,
    /** The owner attested, with the text they signed. */
    ATTESTED,
    /** Compliance accepted the attestation and its evidence. */
    ACCEPTED,
    /** Compliance sent it back to its owner, with the reason. */
    RETURNED,
    /** Compliance found it does not apply, with the reason. */
    NOT_APPLICABLE,
    /** Its owner was reminded of its due date. */
    REMINDED,
    /** A recurring control's next cycle began ahead of its due date. */
    CYCLE_STARTED,
    /** Its due date passed before it was attested. */
    OVERDUE,
    /** Closed: the obligation left the use case's decision, or the use case left the inventory. */
    CLOSED
}
