package io.aigov.decision.model;

/** A body of regulation a use case can be exposed to. */
public enum Regime {
    EU_AI_ACT,
    HIPAA,
    SOX
}
