package io.aigov.audit;

/** The order a search lists its records in, by their place in the chain. */
public enum AuditOrder {
    NEWEST_FIRST, OLDEST_FIRST
}
