package io.aigov.audit;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.aigov.decision.model.Approach;
import io.aigov.decision.model.Exposure;
import io.aigov.decision.model.UseCase;
import io.aigov.decision.model.Verdict;

/** What an audited evaluation was asked and decided, without its explanation: enough to replay and compare. */
public record AuditedDecision(UUID id, Instant evaluatedAt, UseCase input, Approach approach, Verdict verdict, List<Exposure> exposures) {
}
