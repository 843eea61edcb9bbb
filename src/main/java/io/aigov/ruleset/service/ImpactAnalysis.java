package io.aigov.ruleset.service;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.aigov.audit.AuditLog;
import io.aigov.audit.AuditedDecision;
import io.aigov.evaluation.engine.Decision;
import io.aigov.evaluation.engine.DecisionEngine;
import io.aigov.evaluation.engine.DecisionOutcome;
import io.aigov.evaluation.model.EvaluationDate;
import io.aigov.ruleset.RulesetCandidate;
import io.aigov.ruleset.config.RulesConfig;
import io.aigov.ruleset.validation.CandidateCheck;
import io.aigov.ruleset.validation.CandidateReport;

/**
 * What a candidate ruleset would change: the latest audited inputs are replayed against it and
 * compared with what was decided. Nothing is written; an unsafe or broken candidate is not run.
 */
@ApplicationScoped
public class ImpactAnalysis {

    private final AuditLog auditLog;
    private final ActiveRuleset activeRuleset;
    private final RulesConfig config;

    public ImpactAnalysis(AuditLog auditLog, ActiveRuleset activeRuleset, RulesConfig config) {
        this.auditLog = auditLog;
        this.activeRuleset = activeRuleset;
        this.config = config;
    }

    public record Change(UUID id, DecisionOutcome before, DecisionOutcome after) {
    }

    public record Impact(CandidateReport report, int replayed, int changed, long millis, List<Change> changes) {
    }

    /** The report alone (replayed 0) when the candidate cannot run; its golden cases are reported, not required. */
    public Impact analyse(RulesetCandidate candidate, int limit) {
        CandidateReport report = CandidateCheck.run(candidate, "impact analysis", config.limits(),
                activeRuleset.current());
        if (report.ruleset() == null) {
            return new Impact(report, 0, 0, 0, List.of());
        }
        List<AuditedDecision> decisions = auditLog.latestDecisions(limit);
        long started = System.nanoTime();
        List<Change> changes = decisions.parallelStream()
                .map(recorded -> {
                    Decision decision = DecisionEngine.evaluate(report.ruleset(), recorded.input(),
                            EvaluationDate.dayOf(recorded.evaluatedAt()), config.limits());
                    DecisionOutcome before = DecisionOutcome.of(recorded.approach(), recorded.verdict(), recorded.exposures());
                    DecisionOutcome after = DecisionOutcome.of(decision);
                    return before.equals(after) ? null : new Change(recorded.id(), before, after);
                })
                .filter(Objects::nonNull)
                .toList();
        return new Impact(report, decisions.size(), changes.size(), (System.nanoTime() - started) / 1_000_000, changes);
    }
}
