package io.aigov.console.rest;

import java.util.List;
import java.util.Map;

import io.aigov.audit.AuditLog;
import io.aigov.audit.AuditRecord;
import io.aigov.decision.engine.Decision;
import io.aigov.ruleset.config.RulesConfig;
import io.aigov.ruleset.service.RuleSimulator;
import io.aigov.ruleset.validation.CandidateReport;

/**
 * The simulator's part of a rule change's form: the recent evaluations to try the change on, what
 * was chosen or typed, and, once run, the use case decided by the serving rules and by the
 * candidate side by side.
 *
 * @param recent the latest evaluations, newest first, to pick one from; null where recorded evaluations are not
 *               offered (aigov.rules.simulator-recent-evaluations=0)
 * @param chosen the id of the evaluation picked, or blank
 * @param typed  a use case typed in as JSON, or blank
 * @param error  what is wrong with the choice or the typed use case, or null
 * @param result the simulation, or null before one ran
 */
public record Trial(List<AuditRecord> recent, String chosen, String typed, String error, Result result) {

    static Trial of(List<AuditRecord> recent) {
        return new Trial(recent, "", "", null, null);
    }

    /** The latest evaluations to offer, as many as the setting says; null when it offers none. */
    static List<AuditRecord> recentEvaluations(AuditLog auditLog, RulesConfig config) {
        int offered = config.simulatorRecentEvaluations();
        return offered <= 0 ? null : auditLog.evaluations(0, offered).records();
    }

    /** Whether a recorded evaluation may be picked to try the change on. */
    public boolean offersRecorded() {
        return recent != null;
    }

    Trial refused(String why) {
        return new Trial(recent, chosen, typed, why, null);
    }

    /**
     * One side of the simulation: what a ruleset decided, in words, or how it failed.
     *
     * @param exposures each regime by its title with its level
     * @param firedRules each fired rule's name with its reason
     */
    public record Side(String approach, String verdict, List<String> exposures, List<String> firedRules, List<String> warnings,
            String failure) {

        static Side of(Decision decision, String failure, Map<String, String> regimes) {
            if (decision == null) {
                return new Side("", "", List.of(), List.of(), List.of(), failure);
            }
            return new Side(ConsoleWords.words(decision.approach()), ConsoleWords.words(decision.verdict()),
                    decision.exposures().stream().map(e -> regimes.getOrDefault(e.regime(), e.regime()) + ": " + ConsoleWords.words(e.level()))
                            .toList(),
                    decision.firedRules().stream().map(rule -> rule.name() + " (" + rule.file() + "): " + rule.reason()).toList(),
                    decision.warnings(), null);
        }
    }

    /**
     * @param useCase   the use case's name
     * @param problems  what the serving rules refuse in the use case, by field; nothing was decided then
     * @param serving   the rules that serve
     * @param candidate the change, null when it could not run (the report says why)
     * @param report    the candidate's check
     * @param diffs     the change itself, as the reviewer of a proposal will read it
     */
    public record Result(String useCase, Map<String, String> problems, Side serving, Side candidate, CandidateReport report,
            List<RulePages.FileDiff> diffs) {

        /** @param diffs what the change would propose, file by file, as its reviewer will read it */
        static Result of(String useCase, RuleSimulator.Simulation simulation, Map<String, String> regimes, List<RulePages.FileDiff> diffs) {
            if (!simulation.problems().isEmpty()) {
                return new Result(useCase, simulation.problems(), null, null, null, diffs);
            }
            Side candidate = simulation.candidate() == null ? null
                    : Side.of(simulation.candidate().decision(), simulation.candidate().failure(), regimes);
            return new Result(useCase, Map.of(), Side.of(simulation.serving(), simulation.servingFailure(), regimes), candidate,
                    simulation.report(), diffs);
        }

        /** Whether the change decides the use case otherwise: another approach, verdict or exposure. */
        public boolean isChanged() {
            return candidate != null && (!candidate.approach().equals(serving.approach()) || !candidate.verdict().equals(serving.verdict())
                    || !candidate.exposures().equals(serving.exposures()) || candidate.failure() != null);
        }
    }
}
