package io.aigov.audit;

import java.util.List;
import java.util.UUID;

import io.aigov.decision.model.Approach;

/**
 * What a {@link AuditKind#BOARD_DECISION} record says beyond the evaluation it was taken on.
 *
 * @param recommendedApproach what the evaluation advised
 * @param override            set when the board chose another approach, with its reason
 */
public record BoardDecision(UUID proposalId, UUID evaluationId, Outcome outcome, String rationale, List<String> conditions,
        Approach recommendedApproach, Override override) {

    public enum Outcome {
        APPROVED,
        APPROVED_WITH_CONDITIONS,
        REJECTED
    }

    public record Override(Approach approach, String reason) {
    }
}
