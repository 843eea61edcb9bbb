package io.aigov.evaluation.rest;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.aigov.audit.AuditRecord;
import io.aigov.decision.engine.Decision;
import io.aigov.decision.explain.Counterfactuals;
import io.aigov.decision.model.Approach;
import io.aigov.decision.model.Exposure;
import io.aigov.decision.model.FiredRule;
import io.aigov.decision.model.Scores;
import io.aigov.decision.model.UseCase;
import io.aigov.decision.model.Verdict;

/** An evaluation as the API shows it; built from the audit record, so a fresh answer and a later read are identical. */
@Schema(name = "Evaluation", description = "The advice for one use case, with the rules that gave it")
public record EvaluationView(
        UUID id,
        Instant evaluatedAt,
        Approach approach,
        boolean ragRecommended,
        Verdict verdict,
        Scores scores,
        List<Exposure> exposures,
        List<FiredRule> firedRules,
        List<String> warnings,
        @Schema(description = "SHA-256 over the rule files that decided") String rulesetVersion,
        @Schema(description = "The request as understood, defaults filled in") UseCase input,
        @Schema(description = "The smallest changes of one field each that would give another approach or verdict, each found by deciding the changed input on the same ruleset; absent for evaluations recorded before they were kept")
        Counterfactuals counterfactuals,
        @Schema(description = "For an evaluation answered with its counterfactuals incomplete (complete: false), what its search found when it ran again afterwards, recorded as an audit record of its own (kind COUNTERFACTUALS); present when an evaluation is read by its id once that record exists")
        @JsonInclude(JsonInclude.Include.NON_NULL) CompletedCounterfactuals completedAfterwards) {

    @Schema(name = "CompletedCounterfactuals", description = "The counterfactuals of an evaluation, found after it was answered")
    public record CompletedCounterfactuals(@Schema(description = "The audit record that holds them") UUID recordId, Instant foundAt,
            Counterfactuals counterfactuals) {
    }

    static EvaluationView of(AuditRecord record) {
        return of(record, Optional.empty());
    }

    /** @param completion the record that completed the evaluation's counterfactuals, if any */
    static EvaluationView of(AuditRecord record, Optional<AuditRecord> completion) {
        Decision decision = record.outcome;
        return new EvaluationView(record.id, record.evaluatedAt, decision.approach(), decision.ragRecommended(), decision.verdict(),
                decision.scores(), decision.exposures(), decision.firedRules(), decision.warnings(), decision.rulesetVersion(),
                record.input, record.counterfactuals,
                completion.map(found -> new CompletedCounterfactuals(found.id, found.evaluatedAt, found.counterfactuals)).orElse(null));
    }
}
