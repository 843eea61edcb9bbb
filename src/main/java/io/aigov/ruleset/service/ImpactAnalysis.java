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
 * check process that checks it, and compared with what was decided. Nothing is written; an unsafe or
 * broken candidate is not run.
 */
@ApplicationScoped
public class ImpactAnalysis {

    private final AuditLog auditLog;
    private final CandidateCheck candidateCheck;
    private final RulesConfig config;

    public ImpactAnalysis(AuditLog auditLog, CandidateCheck candidateCheck, RulesConfig config) {
        this.auditLog = auditLog;
        this.candidateCheck = candidateCheck;
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
        return replay.impact(candidateCheck.replay(candidate, replay::inputs, replay::compare, requester));
    }

    /**
     * The impact of rules that passed the gate before ({@link ActiveRuleset#checkedBefore}), replayed
     * here instead of in a check process. Only for the rule lifecycle, which takes one change at a
     * time: any other request for an impact takes a check process, whose number is bounded.
     */
    Impact replayHere(ActiveRuleset.Checked checked, int limit) {
        Replay replay = new Replay(limit);
        List<ReplayInput> inputs = replay.inputs();
        for (int i = 0; i < inputs.size(); i++) {
            ReplayInput input = inputs.get(i);
            replay.compare(GoldenCaseRun.replay(checked.ruleset(), input.input(), input.evaluationDate(), config.limits()), i);
        }
        return replay.impact(checked.report());
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

        /** What the replay found, with the check's report; the report alone when the candidate could not run. */
        Impact impact(CandidateReport report) {
            if (!report.runnable()) {
                return new Impact(report, 0, 0, 0, List.of());
            }
            return new Impact(report, decisions.size(), changes.size(), (System.nanoTime() - started) / 1_000_000, changes);
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
