package io.aigov.decision.model;

/** How a use case should be built (domain brief, section 1). */
public enum Approach {
    PROMPTING,
    FINE_TUNING,
    HYBRID
}
