package io.aigov.decision.model;

/** What the evaluation advises the architecture board to do with the proposal. */
public enum Verdict {
    ALLOWED,
    BOARD_REVIEW,
    PROHIBITED
}
