package io.aigov.decision.model;

/**
 * The regimes rules named before regimes were declared by the rules themselves (see
 * {@link Declarations}): rule files written then say {@code expose(Regime.HIPAA, ...)}, and still
 * compile and decide as they did. New rules name a declared regime by its code.
 */
public enum Regime {
    EU_AI_ACT,
    HIPAA,
    SOX
}
