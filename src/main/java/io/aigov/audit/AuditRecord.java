package io.aigov.audit;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.aigov.decision.explain.Counterfactuals;
import io.aigov.decision.model.Approach;
import io.aigov.decision.model.Exposure;
import io.aigov.decision.model.FiredRule;
import io.aigov.decision.model.UseCase;
import io.aigov.decision.model.Verdict;

/**
 * One evaluation as the audit log keeps it (the input as understood, the decision and its reasons),
 * a board decision with the evaluation it was taken on, or an event of the rules or of an account
 * (whose evaluation fields are null). Never updated. {@link AuditColumn} maps it to its table.
 */
public class AuditRecord {
    public UUID id;
    public AuditKind kind = AuditKind.EVALUATION;
    /** For board decisions only. */
    public BoardDecision decision;
    /** For {@link AuditKind#RULESET_EVENT} and {@link AuditKind#USER_EVENT} records only. */
    public AuditEvent event;
    public long seq;
    public String prevHash;
    public String hash;
    /** The exact text the hash covers; null for records written before it was kept. */
    public String canonical;
    public Instant evaluatedAt;
    public String requestedBy;
    public String rulesetVersion;
    public String useCaseName;
    public Approach approach;
    public Verdict verdict;
    public Boolean ragRecommended;
    public Double scorePrompting;
    public Double scoreFineTuning;
    public UseCase input;
    public List<String> maskedFields;
    public List<Exposure> exposures;
    public List<FiredRule> firedRules;
    public List<String> warnings;
    /** For evaluations only; null for those written before they were kept. */
    public Counterfactuals counterfactuals;

    /** A record of something that happened to the rules or to an account, by {@code actor} at {@code at}. */
    public static AuditRecord ofEvent(AuditKind kind, Instant at, String actor, AuditEvent event) {
        if (kind.isDecision()) {
            throw new IllegalArgumentException(kind + " records are evaluations, not events");
        }
        AuditRecord record = new AuditRecord();
        record.id = UUID.randomUUID();
        record.kind = kind;
        record.evaluatedAt = at;
        record.requestedBy = actor;
        record.event = event;
        return record;
    }
}
