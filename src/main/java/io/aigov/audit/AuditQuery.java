package io.aigov.audit;

import java.time.Instant;

import io.aigov.decision.model.Approach;
import io.aigov.decision.model.ExposureLevel;
import io.aigov.decision.model.Verdict;

/**
 * Filters over the audit log; a null filter is not applied. With both {@code regime} and
 * {@code level}, one exposure must match both.
 *
 * @param from inclusive
 * @param to   exclusive
 * @param regime a regime's code, as the rules declared it (any ruleset, then or now)
 * @param text   case-insensitive substring of the use case's name or description
 */
public record AuditQuery(AuditKind kind, Instant from, Instant to, Approach approach, Verdict verdict, String regime,
        ExposureLevel level, String firedRule, String rulesetVersion, String requestedBy, String text) {

    public static final AuditQuery EVALUATIONS = new AuditQuery(AuditKind.EVALUATION, null, null, null, null, null, null, null, null,
            null, null);
}
