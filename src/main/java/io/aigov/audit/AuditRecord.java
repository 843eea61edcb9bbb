package io.aigov.audit;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.aigov.decision.engine.Decision;
import io.aigov.decision.explain.Counterfactuals;
import io.aigov.decision.model.UseCase;

/**
 * One record of the audit log: an evaluation (the input as understood and stored, the decision the
 * rules took whole, and its counterfactuals), a board decision with the evaluation it was taken on,
 * or an event of the rules or of an account (which has no input and no decision). Its content is
 * made once, by the factories below or from its columns ({@link AuditColumn}), and never changed;
 * only its place in the chain is set when it is appended.
 */
public final class AuditRecord {
    public final UUID id;
    public final AuditKind kind;
    public final Instant evaluatedAt;
    public final String requestedBy;
    /** For evaluations and board decisions: the use case as understood, with the masked fields replaced. */
    public final UseCase input;
    /** For evaluations and board decisions: the input's fields that were masked before it was stored. */
    public final List<String> maskedFields;
    /** For evaluations and board decisions: what the rules decided (for a board decision, with the approach the board chose). */
    public final Decision outcome;
    /** For board decisions only. */
    public final BoardDecision decision;
    /** For event records only ({@link AuditKind#isEvent()}). */
    public final AuditEvent event;
    /**
     * For evaluations (null for those written before they were kept), and for the
     * {@link AuditKind#COUNTERFACTUALS} record that completes one.
     */
    public final Counterfactuals counterfactuals;
    /** For {@link AuditKind#COUNTERFACTUALS} records only: the id of the evaluation they complete. */
    public final UUID completes;

    /** Its place in the chain, set when it is appended or read. */
    public long seq;
    public String prevHash;
    public String hash;
    /** The exact text the hash covers; null for records written before it was kept. */
    public String canonical;

    AuditRecord(UUID id, AuditKind kind, Instant evaluatedAt, String requestedBy, UseCase input, List<String> maskedFields,
            Decision outcome, BoardDecision decision, AuditEvent event, Counterfactuals counterfactuals, UUID completes) {
        this.id = id;
        this.kind = kind;
        this.evaluatedAt = evaluatedAt;
        this.requestedBy = requestedBy;
        this.input = input;
        this.maskedFields = maskedFields;
        this.outcome = outcome;
        this.decision = decision;
        this.event = event;
        this.counterfactuals = counterfactuals;
        this.completes = completes;
    }

    /** The name of the use case as stored (masked when configured); null for events. */
    public String useCaseName() {
        return input == null ? null : input.name();
    }

    /**
     * An evaluation by the rules that decided it, of the input as it is stored (masked already where
     * configured: {@link AuditLog#evaluationRecord} is what masks it).
     */
    public static AuditRecord ofEvaluation(UUID id, Instant at, String requestedBy, UseCase storedInput, List<String> maskedFields,
            Decision decision, Counterfactuals counterfactuals) {
        return new AuditRecord(id, AuditKind.EVALUATION, at, requestedBy, storedInput, maskedFields, decision, null, null, counterfactuals, null);
    }

    /**
     * A board decision taken on an evaluation, by {@code actor} at {@code at}: the evaluation's input
     * and decision, with the approach the board chose when it overrode the recommended one.
     */
    public static AuditRecord ofBoardDecision(AuditRecord evaluation, BoardDecision decision, Instant at, String actor) {
        return ofBoardDecision(UUID.randomUUID(), evaluation, decision, at, actor);
    }

    static AuditRecord ofBoardDecision(UUID id, AuditRecord evaluation, BoardDecision decision, Instant at, String actor) {
        if (evaluation.kind != AuditKind.EVALUATION) {
            throw new IllegalArgumentException("a board decision is taken on an evaluation, not on a " + evaluation.kind + " record");
        }
        Decision evaluated = evaluation.outcome;
        Decision decided = decision.override() == null ? evaluated
                : new Decision(decision.override().approach(), evaluated.ragRecommended(), evaluated.verdict(), evaluated.scores(),
                        evaluated.exposures(), evaluated.firedRules(), evaluated.warnings(), evaluated.rulesetVersion());
        return new AuditRecord(id, AuditKind.BOARD_DECISION, at, actor, evaluation.input, evaluation.maskedFields, decided,
                decision, null, null, null);
    }

    /** A record of something that happened to the rules or to an account, by {@code actor} at {@code at}. */
    public static AuditRecord ofEvent(AuditKind kind, Instant at, String actor, AuditEvent event) {
        return ofEvent(UUID.randomUUID(), kind, at, actor, event);
    }

    static AuditRecord ofEvent(UUID id, AuditKind kind, Instant at, String actor, AuditEvent event) {
        if (kind.isDecision()) {
            throw new IllegalArgumentException(kind + " records are evaluations, not events");
        }
        return new AuditRecord(id, kind, at, actor, null, null, null, null, event, null, null);
    }

    /**
     * What was found afterwards for an evaluation answered with its counterfactuals incomplete, at
     * {@code at}; nobody asked for it, so it names no one.
     */
    public static AuditRecord ofCounterfactuals(AuditRecord evaluation, Counterfactuals found, Instant at) {
        return ofCounterfactuals(UUID.randomUUID(), evaluation.id, found, at);
    }

    static AuditRecord ofCounterfactuals(UUID id, UUID evaluation, Counterfactuals found, Instant at) {
        return new AuditRecord(id, AuditKind.COUNTERFACTUALS, at, null, null, null, null, null, null, found, evaluation);
    }
}
