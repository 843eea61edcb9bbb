package io.aigov.ruleset.service;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.aigov.audit.AuditLog;
import io.aigov.audit.AuditedDecision;
import io.aigov.decision.engine.DecisionOutcome;
import io.aigov.decision.golden.GoldenCaseRun;
import io.aigov.decision.model.EvaluationDate;
import io.aigov.decision.ruleset.RulesetCandidate;
import io.aigov.ruleset.config.RulesConfig;
import io.aigov.ruleset.isolation.ReplayInput;
import io.aigov.ruleset.validation.CandidateCheck;
import io.aigov.ruleset.validation.CandidateReport;
import io.aigov.ruleset.validation.ChangedDecision;

/**
 * What a candidate ruleset would change: the latest audited inputs are replayed against it, in the
 * check process that checks it (here for rules that passed the gate before, see
 * {@link ActiveRuleset#checkedBefore}), and compared with what was decided. Nothing is written; an
 * unsafe or broken candidate is not run.
 */
@ApplicationScoped
public class ImpactAnalysis {

    private final AuditLog auditLog;
    private final CandidateCheck candidateCheck;
    private final ActiveRuleset activeRuleset;
    private final RulesConfig config;

    public ImpactAnalysis(AuditLog auditLog, CandidateCheck candidateCheck, ActiveRuleset activeRuleset, RulesConfig config) {
        this.auditLog = auditLog;
        this.candidateCheck = candidateCheck;
        this.activeRuleset = activeRuleset;
        this.config = config;
    }

    /** @param millis how long the check process took to check the candidate and replay the decisions on it */
    public record Impact(CandidateReport report, int replayed, int changed, long millis, List<ChangedDecision> changes) {
    }

    /**
     * The report alone (replayed 0) when the candidate cannot run; its golden cases are reported, not required.
     *
     * @param requester the person who asked, null for the service itself
     * @throws io.aigov.ruleset.isolation.service.CheckCapacityException when the person's check cannot be taken now
     */
    public Impact analyse(RulesetCandidate candidate, int limit, String requester) {
        Replay replay = new Replay(limit);
        CandidateReport report = activeRuleset.checkedBefore(candidate).map(replay::here)
                .orElseGet(() -> candidateCheck.replay(candidate, replay::inputs, replay::compare, requester));
        if (!report.runnable()) {
            return new Impact(report, 0, 0, 0, List.of());
        }
        return new Impact(report, replay.decisions.size(), replay.changes.size(), (System.nanoTime() - replay.started) / 1_000_000,
                replay.changes);
    }

    /** One replay: the decisions it reads once the candidate may run, and those the candidate decides otherwise. */
    private final class Replay {

        private final int limit;
        private List<AuditedDecision> decisions = List.of();
        private final List<ChangedDecision> changes = new ArrayList<>();
        private long started;

        Replay(int limit) {
            this.limit = limit;
        }

        List<ReplayInput> inputs() {
            decisions = auditLog.latestDecisions(limit);
            started = System.nanoTime();
            return decisions.stream().map(recorded -> new ReplayInput(EvaluationDate.dayOf(recorded.evaluatedAt()), recorded.input())).toList();
        }

        /** The replay in the service, on rules that passed the gate before. */
        CandidateReport here(ActiveRuleset.Checked checked) {
            List<ReplayInput> inputs = inputs();
            for (int i = 0; i < inputs.size(); i++) {
                compare(GoldenCaseRun.replay(checked.ruleset(), inputs.get(i).input(), inputs.get(i).evaluationDate(), config.limits()), i);
            }
            return checked.report();
        }

        void compare(DecisionOutcome after, int index) {
            AuditedDecision recorded = decisions.get(index);
            DecisionOutcome before = DecisionOutcome.of(recorded.approach(), recorded.verdict(), recorded.exposures());
            if (!before.equals(after)) {
                changes.add(new ChangedDecision(recorded.id(), before, after));
            }
        }
    }
}
