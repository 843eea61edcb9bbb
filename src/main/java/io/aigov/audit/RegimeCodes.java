package io.aigov.audit;

import java.util.SortedSet;

/**
 * The regimes audit records can name: every regime a ruleset that served declares or declared.
 * The rules capability knows them; the audit trail asks, to refuse a search for a regime no rules
 * ever named.
 */
public interface RegimeCodes {

    SortedSet<String> known();
}
