package io.aigov.decision.model;

/** Whether the use case speaks standard industry terms or internal frameworks and brand language. */
public enum Vocabulary {
    STANDARD,
    PROPRIETARY
}
