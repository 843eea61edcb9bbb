package io.aigov.ruleset.service;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.ObjIntConsumer;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.aigov.audit.AuditLog;
import io.aigov.audit.AuditedDecision;
import io.aigov.decision.engine.DecisionOutcome;
import io.aigov.decision.golden.GoldenCaseRun;
import io.aigov.decision.model.EvaluationDate;
import io.aigov.decision.ruleset.Ruleset;
import io.aigov.decision.ruleset.RulesetCandidate;
import io.aigov.ruleset.config.RulesConfig;
import io.aigov.ruleset.isolation.ReplayInput;
import io.aigov.ruleset.validation.CandidateCheck;
import io.aigov.ruleset.validation.CandidateReport;
import io.aigov.ruleset.validation.ChangedDecision;
import io.aigov.shared.DaemonThreads;

/**
 * What a candidate ruleset would change: the latest audited inputs are replayed against it and
 * compared with what was decided. Nothing is written; an unsafe or broken candidate is not run. A
 * candidate whose rules are those that serve (thresholds, declarations or golden cases edited: data the
 * rules read) is checked and replayed in the service, on one thread per core; any other in the check
 * process that checks it.
 */
@ApplicationScoped
public class ImpactAnalysis {

    /** Decisions handed to the deciders ahead of the one compared next: enough to keep every core busy. */
    private static final int IN_FLIGHT = 256;

    private final AuditLog auditLog;
    private final CandidateCheck candidateCheck;
    private final ActiveRuleset activeRuleset;
    private final RulesConfig config;
    private final ExecutorService deciders = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(),
            DaemonThreads.named("impact-replay"));
    private final ExecutorService reader = Executors.newSingleThreadExecutor(DaemonThreads.named("impact-read"));
    /** One replay at a time takes the service's cores; another asked for meanwhile takes a check process. */
    private final Semaphore replayingHere = new Semaphore(1);

    public ImpactAnalysis(AuditLog auditLog, CandidateCheck candidateCheck, ActiveRuleset activeRuleset, RulesConfig config) {
        this.auditLog = auditLog;
        this.candidateCheck = candidateCheck;
        this.activeRuleset = activeRuleset;
        this.config = config;
    }

    @PreDestroy
    void stop() {
        deciders.shutdownNow();
        reader.shutdownNow();
    }

    /** @param millis how long replaying the decisions took */
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
        Ruleset serving = activeRuleset.currentOrNull();
        if (candidateCheck.checkableHere(candidate, serving) && replayingHere.tryAcquire()) {
            // The decisions are read while the candidate is checked; the next replay here waits until they are, even when
            // this candidate turns out not to run.
            CompletableFuture<List<ReplayInput>> reading = CompletableFuture.supplyAsync(replay::inputs, reader);
            try {
                CandidateCheck.CheckedHere here = candidateCheck.checkHere(candidate, serving);
                here.ruleset().ifPresent(ruleset -> decideHere(ruleset, read(reading), replay::compare));
                return replay.impact(here.report());
            } finally {
                reading.whenComplete((inputs, failure) -> replayingHere.release());
            }
        }
        return replay.impact(candidateCheck.replay(candidate, replay::inputs, replay::compare, requester));
    }

    /** The decisions read, or what kept them from being read. */
    private static List<ReplayInput> read(CompletableFuture<List<ReplayInput>> reading) {
        try {
            return reading.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /**
     * The impact of rules that passed the gate before ({@link ActiveRuleset#checkedBefore}), replayed
     * here instead of in a check process. Only for the rule lifecycle, which takes one change at a
     * time; the deciders it shares with {@link #analyse} bound what both take of the cores.
     */
    Impact replayHere(ActiveRuleset.Checked checked, int limit) {
        Replay replay = new Replay(limit);
        decideHere(checked.ruleset(), replay.inputs(), replay::compare);
        return replay.impact(checked.report());
    }

    /** Each input decided on the ruleset by the deciders, its outcome handed over in the order of the inputs. */
    private void decideHere(Ruleset ruleset, List<ReplayInput> inputs, ObjIntConsumer<DecisionOutcome> each) {
        Deque<Future<DecisionOutcome>> deciding = new ArrayDeque<>();
        int compared = 0;
        try {
            for (ReplayInput input : inputs) {
                deciding.add(deciders.submit(() -> GoldenCaseRun.replay(ruleset, input.input(), input.evaluationDate(), config.limits())));
                if (deciding.size() == IN_FLIGHT) {
                    each.accept(deciding.removeFirst().get(), compared++);
                }
            }
            while (!deciding.isEmpty()) {
                each.accept(deciding.removeFirst().get(), compared++);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while replaying audited decisions", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("replaying an audited decision failed", e.getCause());
        } finally {
            deciding.forEach(pending -> pending.cancel(false));
        }
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
