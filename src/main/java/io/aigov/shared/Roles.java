package io.aigov.shared;

import java.util.List;

/** The roles a user can hold; a user may hold several. */
public final class Roles {

    /** Proposes and evaluates use cases. */
    public static final String SUBMITTER = "submitter";
    /** Decides proposals. */
    public static final String BOARD = "board";
    /** Reads and exports the audit trail and runs verification. */
    public static final String COMPLIANCE = "compliance";
    /** Validates, uploads and proposes rule changes. */
    public static final String RULE_AUTHOR = "rule-author";
    /** Manages users. */
    public static final String ADMIN = "admin";

    public static final List<String> ALL = List.of(SUBMITTER, BOARD, COMPLIANCE, RULE_AUTHOR, ADMIN);

    private Roles() {
    }
}
