package io.aigov.evaluation.service;

import java.util.List;

import io.aigov.audit.AuditRecord;
import io.aigov.decision.engine.Decision;

/** An audited evaluation run again on the ruleset version that decided it. */
public record Replay(AuditRecord original, Decision replayed, List<String> differences) {

    public boolean reproduced() {
        return differences.isEmpty();
    }
}
