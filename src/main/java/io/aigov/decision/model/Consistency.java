package io.aigov.decision.model;

/** How strictly output format and tone must hold. */
public enum Consistency {
    FLEXIBLE,
    MODERATE,
    STRICT
}
