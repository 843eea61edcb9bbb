package io.aigov.audit;

/** What an audit record records. */
public enum AuditKind {
    /** The rules' advice on a use case. */
    EVALUATION,
    /** The architecture board's decision on a proposal, taken on one evaluation. */
    BOARD_DECISION
}
