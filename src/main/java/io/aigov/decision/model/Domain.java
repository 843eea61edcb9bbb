package io.aigov.decision.model;

/** Business area of a use case; several are EU AI Act Annex III areas, which the rules name. */
public enum Domain {
    GENERAL,
    LEGAL,
    HEALTHCARE,
    FINANCE,
    CUSTOMER_SERVICE,
    MARKETING,
    SOFTWARE_ENGINEERING,
    RESEARCH,
    INTERNAL_PRODUCTIVITY,
    EMPLOYMENT,
    EDUCATION,
    CREDIT_SCORING,
    INSURANCE,
    PUBLIC_SERVICES,
    BIOMETRICS,
    CRITICAL_INFRASTRUCTURE,
    LAW_ENFORCEMENT,
    MIGRATION_BORDER,
    JUSTICE_DEMOCRACY
}
