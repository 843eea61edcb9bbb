package io.aigov.evaluation.service;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import io.aigov.audit.AuditLog;
import io.aigov.audit.AuditPage;
import io.aigov.audit.AuditKind;
import io.aigov.audit.AuditQuery;
import io.aigov.audit.AuditRecord;
import io.aigov.decision.engine.Decision;
import io.aigov.decision.engine.DecisionEngine;
import io.aigov.decision.explain.CounterfactualSearch;
import io.aigov.decision.explain.Counterfactuals;
import io.aigov.decision.explain.Counterfactuals.Counterfactual;
import io.aigov.decision.model.Approach;
import io.aigov.decision.model.Declarations;
import io.aigov.decision.model.EvaluationDate;
import io.aigov.decision.model.FiredRule;
import io.aigov.decision.model.Question;
import io.aigov.decision.model.UseCase;
import io.aigov.decision.model.Verdict;
import io.aigov.decision.ruleset.Ruleset;
import io.aigov.ruleset.config.RulesConfig;
import io.aigov.ruleset.service.ActiveRuleset;
import io.aigov.ruleset.service.RulesetVersions;

/**
 * Evaluates use cases on the active ruleset and records every evaluation. A decision is returned
 * only after its audit record is committed: no decision leaves the service without its record.
 */
@ApplicationScoped
public class EvaluationService {

    private final ActiveRuleset activeRuleset;
    private final RulesetVersions versions;
    private final AuditLog auditLog;
    private final RulesConfig rulesConfig;
    private final DecisionClock clock;

    private final MeterRegistry metrics;
    private final Timer evaluationDuration;
    private final CounterfactualFinder counterfactuals;
    private final CounterfactualCompletion completion;
    /** Looked up once: every evaluation counts itself and each rule that fired. */
    private final Map<EvaluationKind, Counter> evaluationCounters = new ConcurrentHashMap<>();
    private final Map<String, Counter> firingCounters = new ConcurrentHashMap<>();

    private record EvaluationKind(Approach approach, Verdict verdict, String rulesetVersion) {
    }

    public EvaluationService(ActiveRuleset activeRuleset, RulesetVersions versions, AuditLog auditLog,
            RulesConfig rulesConfig, CounterfactualFinder counterfactuals, CounterfactualCompletion completion, DecisionClock clock,
            MeterRegistry metrics) {
        this.clock = clock;
        this.metrics = metrics;
        this.counterfactuals = counterfactuals;
        this.completion = completion;
        this.evaluationDuration = Timer.builder("aigov.evaluation.duration").description("Time the rules take to decide one use case")
                .publishPercentileHistogram().register(metrics);
        this.activeRuleset = activeRuleset;
        this.versions = versions;
        this.auditLog = auditLog;
        this.rulesConfig = rulesConfig;
    }

    /**
     * @param requestedBy the signed-in user who asked, as the audit records it
     * @throws InvalidUseCaseException when the use case names a jurisdiction or capability the active rules do not declare
     */
    public AuditRecord evaluate(UseCase asked, String requestedBy) {
        AuditRecord record = decided(asked, requestedBy, false);
        auditLog.append(record);
        recorded(record);
        return record;
    }

    /**
     * Decides a use case as {@link #evaluate} does, away from any request, without appending its
     * record: for a caller that appends it in its own transaction, together with what follows from
     * the decision (a reassessment), before anything of it leaves the service, and hands it to
     * {@link #recorded} once committed. Its search takes a background turn: evaluations answered
     * meanwhile keep one of their own.
     */
    public AuditRecord unrecorded(UseCase asked, String requestedBy) {
        return decided(asked, requestedBy, true);
    }

    /** The record of a decision on the active rules, with its counterfactuals, not appended yet. */
    private AuditRecord decided(UseCase asked, String requestedBy, boolean inBackground) {
        Instant evaluatedAt = clock.now();
        Ruleset ruleset = activeRuleset.current();
        UseCase useCase = understood(ruleset, asked);
        LocalDate day = EvaluationDate.dayOf(evaluatedAt);
        Timer.Sample deciding = Timer.start();
        Decision decision = DecisionEngine.evaluate(ruleset, useCase, day, rulesConfig.limits());
        deciding.stop(evaluationDuration);
        Counterfactuals found = inBackground ? counterfactuals.findInBackground(ruleset, useCase, decision, day, rulesConfig.limits())
                : counterfactuals.find(ruleset, useCase, decision, day, rulesConfig.limits());
        return auditLog.evaluationRecord(evaluatedAt, requestedBy, useCase, decision, found);
    }

    /** The questions the active rules' packs ask, in the order they are asked. */
    public List<Question> questions() {
        return declarations().questions();
    }

    private static UseCase understood(Ruleset ruleset, UseCase asked) {
        Map<String, String> problems = ruleset.declarations().problemsWith(asked);
        if (!problems.isEmpty()) {
            throw new InvalidUseCaseException(problems);
        }
        return ruleset.declarations().understood(asked);
    }

    /** What follows an evaluation's record committing: it is counted, and a search left incomplete is completed later. */
    public void recorded(AuditRecord evaluation) {
        if (!evaluation.counterfactuals.complete()) {
            completion.wake();
        }
        count(evaluation.outcome);
    }

    /** Counted once audited: a decision that was not recorded was not given. */
    private void count(Decision decision) {
        evaluationCounters.computeIfAbsent(new EvaluationKind(decision.approach(), decision.verdict(), decision.rulesetVersion()),
                kind -> metrics.counter("aigov.evaluations", "approach", kind.approach().name(), "verdict", kind.verdict().name(),
                        "ruleset_version", kind.rulesetVersion()))
                .increment();
        for (FiredRule fired : decision.firedRules()) {
            firingCounters.computeIfAbsent(fired.name(), rule -> metrics.counter("aigov.rule.firings", "rule", rule)).increment();
        }
    }

    /**
     * What the active rules decide about a use case today and on each of their dates after today up
     * to a day: what a date's arrival will change. Nothing is recorded and nothing of it is an
     * evaluation; a change it foresees is evaluated, and recorded, on the day it comes.
     *
     * @param latest the use case's latest evaluation: its input is projected, and its decision is
     *               today's when it was made today on the rules serving
     */
    public Projection project(AuditRecord latest, LocalDate until) {
        Ruleset ruleset = activeRuleset.current();
        LocalDate today = clock.today();
        UseCase understood = ruleset.declarations().understood(latest.input);
        Map<LocalDate, List<String>> dates = new TreeMap<>();
        ruleset.thresholds().dates().forEach((key, date) -> {
            if (date.isAfter(today) && !date.isAfter(until)) {
                dates.computeIfAbsent(date, day -> new ArrayList<>()).add(key);
            }
        });
        List<Projection.OnDate> ahead = new ArrayList<>();
        dates.forEach((date, keys) -> ahead.add(new Projection.OnDate(date, keys.stream().sorted().toList(),
                DecisionEngine.evaluate(ruleset, understood, date, rulesConfig.limits()))));
        boolean decidedToday = EvaluationDate.dayOf(latest.evaluatedAt).equals(today)
                && latest.outcome.rulesetVersion().equals(ruleset.version());
        Decision todays = decidedToday ? latest.outcome : DecisionEngine.evaluate(ruleset, understood, today, rulesConfig.limits());
        return new Projection(ruleset.version(), today, todays, ahead);
    }

    /**
     * @param today what the rules decide today
     * @param ahead what they decide on each of their dates to come, in order
     */
    public record Projection(String rulesetVersion, LocalDate day, Decision today, List<OnDate> ahead) {

        /** @param thresholds the keys of the thresholds holding the date */
        public record OnDate(LocalDate date, List<String> thresholds, Decision decision) {
        }
    }

    /** The dates of the active rules that have come by today, the latest last, each with the keys of the thresholds holding it. */
    public TreeMap<LocalDate, List<String>> datesReached() {
        LocalDate today = clock.today();
        TreeMap<LocalDate, List<String>> reached = new TreeMap<>();
        activeRuleset.current().thresholds().dates().forEach((key, date) -> {
            if (!date.isAfter(today)) {
                reached.computeIfAbsent(date, day -> new ArrayList<>()).add(key);
            }
        });
        reached.values().forEach(keys -> keys.sort(null));
        return reached;
    }

    /** What the active rules declare: regimes, questions, obligations, frameworks. */
    public Declarations declarations() {
        return activeRuleset.current().declarations();
    }

    /** What the version that decided an evaluation declares: its obligations, questions and regimes. */
    public Declarations declarationsOf(AuditRecord evaluation) {
        return versions.thatDecided(evaluation.id, evaluation.outcome.rulesetVersion()).declarations();
    }

    /** Re-runs an audited evaluation on the version that decided it; nothing is written. */
    public Optional<Replay> replay(UUID id) {
        return auditLog.findEvaluation(id).map(original -> {
            Decision recorded = original.outcome;
            Ruleset ruleset = versions.thatDecided(id, recorded.rulesetVersion());
            Decision replayed = DecisionEngine.evaluate(ruleset, original.input, EvaluationDate.dayOf(original.evaluatedAt),
                    rulesConfig.limits());
            List<String> differences = new ArrayList<>();
            compare(differences, "approach", recorded.approach(), replayed.approach());
            compare(differences, "ragRecommended", recorded.ragRecommended(), replayed.ragRecommended());
            compare(differences, "verdict", recorded.verdict(), replayed.verdict());
            compare(differences, "scores", recorded.scores(), replayed.scores());
            compare(differences, "exposures", recorded.exposures(), replayed.exposures());
            compare(differences, "firedRules", recorded.firedRules(), replayed.firedRules());
            compare(differences, "warnings", recorded.warnings(), replayed.warnings());
            if (original.counterfactuals != null) {
                verifyCounterfactuals(differences, "counterfactuals", ruleset, original, original.counterfactuals);
            }
            completionOf(original).ifPresent(completion -> verifyCounterfactuals(differences, "completedAfterwards.counterfactuals",
                    ruleset, original, completion.counterfactuals));
            return new Replay(original, replayed, differences);
        });
    }

    /**
     * Each recorded counterfactual decided again: it must still give its outcome. Whether a search
     * now would find the same ones depends on the search as much as on the rules, so that is not
     * asked of a replay.
     */
    private void verifyCounterfactuals(List<String> differences, String where, Ruleset ruleset, AuditRecord original,
            Counterfactuals recorded) {
        verifyCounterfactuals(differences, where + ".approach", recorded.approach(), ruleset, original, d -> d.approach().name());
        verifyCounterfactuals(differences, where + ".verdict", recorded.verdict(), ruleset, original, d -> d.verdict().name());
    }

    private void verifyCounterfactuals(List<String> differences, String target, List<Counterfactual> recorded, Ruleset ruleset,
            AuditRecord original, Function<Decision, String> outcome) {
        LocalDate day = EvaluationDate.dayOf(original.evaluatedAt);
        for (Counterfactual counterfactual : recorded) {
            UseCase changed = ruleset.declarations().understood(CounterfactualSearch.applied(original.input, counterfactual));
            String replayed = outcome.apply(DecisionEngine.evaluate(ruleset, changed, day, rulesConfig.limits()));
            if (!replayed.equals(counterfactual.outcome())) {
                differences.add(target + ": " + counterfactual.description() + " recorded, replayed " + replayed);
            }
        }
    }

    private static void compare(List<String> differences, String what, Object recorded, Object replayed) {
        if (!Objects.equals(recorded, replayed)) {
            differences.add(what + ": recorded " + recorded + ", replayed " + replayed);
        }
    }

    public Optional<AuditRecord> find(UUID id) {
        return auditLog.findEvaluation(id);
    }

    /** The record completing an evaluation answered with its counterfactuals incomplete, once its search ran again. */
    public Optional<AuditRecord> completionOf(AuditRecord evaluation) {
        return auditLog.completionOf(evaluation);
    }

    public AuditPage list(int page, int size) {
        return auditLog.evaluations(page, size);
    }

    /** The evaluations one person asked for, newest first. */
    public AuditPage requestedBy(String requester, int page, int size) {
        return auditLog.search(new AuditQuery(AuditKind.EVALUATION, null, null, null, null, null, null, null, null, requester, null), page,
                size);
    }
}
