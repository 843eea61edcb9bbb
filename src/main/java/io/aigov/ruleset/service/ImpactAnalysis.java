package io.aigov.ruleset.service;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.aigov.audit.AuditLog;
import io.aigov.audit.AuditedDecision;
import io.aigov.evaluation.engine.Decision;
import io.aigov.evaluation.engine.DecisionEngine;
import io.aigov.evaluation.model.Approach;
import io.aigov.evaluation.model.EvaluationDate;
import io.aigov.evaluation.model.Exposure;
import io.aigov.evaluation.model.ExposureLevel;
import io.aigov.evaluation.model.Regime;
import io.aigov.evaluation.model.Verdict;
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

    public record Outcome(Approach approach, Verdict verdict, Set<ExposureLevelView> exposures) {
    }

    public record ExposureLevelView(Regime regime, ExposureLevel level) {
    }

    public record Change(UUID id, Outcome before, Outcome after) {
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
                    Outcome before = new Outcome(recorded.approach(), recorded.verdict(), levels(recorded.exposures()));
                    Outcome after = new Outcome(decision.approach(), decision.verdict(), levels(decision.exposures()));
                    return Objects.equals(before, after) ? null : new Change(recorded.id(), before, after);
                })
                .filter(Objects::nonNull)
                .toList();
        return new Impact(report, decisions.size(), changes.size(), (System.nanoTime() - started) / 1_000_000, changes);
    }

    private static Set<ExposureLevelView> levels(List<Exposure> exposures) {
        return exposures.stream().map(e -> new ExposureLevelView(e.regime(), e.level())).collect(Collectors.toSet());
    }
}
