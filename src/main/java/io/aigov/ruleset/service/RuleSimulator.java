package io.aigov.ruleset.service;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.aigov.decision.engine.Decision;
import io.aigov.decision.model.UseCase;
import io.aigov.decision.rulefile.RuleFile;
import io.aigov.decision.ruleset.Ruleset;
import io.aigov.decision.ruleset.RulesetCandidate;
import io.aigov.ruleset.config.RulesConfig;
import io.aigov.ruleset.isolation.ReplayInput;
import io.aigov.ruleset.isolation.SimulatedDecision;
import io.aigov.ruleset.validation.CandidateCheck;
import io.aigov.ruleset.validation.CandidateReport;

/**
 * The rule author's simulator: one use case decided by the rules that serve and by the candidate a
 * change would propose, side by side, each with the rules that fired and why. The candidate runs
 * where the gate would run it, after the safety check: in a check process, or in the service when it
 * changes only data the serving rules read; nothing is proposed, recorded or changed.
 */
@ApplicationScoped
public class RuleSimulator {

    private final RuleLifecycle lifecycle;
    private final ActiveRuleset activeRuleset;
    private final CandidateCheck candidateCheck;
    private final RulesConfig config;

    public RuleSimulator(RuleLifecycle lifecycle, ActiveRuleset activeRuleset, CandidateCheck candidateCheck, RulesConfig config) {
        this.lifecycle = lifecycle;
        this.activeRuleset = activeRuleset;
        this.candidateCheck = candidateCheck;
        this.config = config;
    }

    /**
     * @param problems   what the serving rules refuse in the use case (a jurisdiction they do not declare), by field; nothing is
     *                   decided then
     * @param serving    the decision of the rules that serve, null when they failed on it or the use case was refused
     * @param servingFailure how the serving rules failed on it, or null
     * @param candidate  the candidate's decision or failure, null when the candidate could not run (its report says why)
     * @param report     the candidate's check: safety, compilation, golden cases
     */
    public record Simulation(Map<String, String> problems, Decision serving, String servingFailure, SimulatedDecision candidate,
            CandidateReport report) {
    }

    /**
     * @throws NoRulesFolderException when the service runs on its bundled rules, which no change can start from
     * @throws io.aigov.ruleset.isolation.service.CheckCapacityException when the person's check cannot be taken now
     */
    public Simulation simulate(RuleFile changed, UseCase useCase, String requester) {
        RulesetCandidate candidate = lifecycle.candidateWith(changed);
        Ruleset serving = activeRuleset.current();
        Map<String, String> problems = serving.declarations().problemsWith(useCase);
        if (!problems.isEmpty()) {
            return new Simulation(problems, null, null, null, null);
        }
        ReplayInput input = new ReplayInput(LocalDate.now(ZoneOffset.UTC), serving.declarations().understood(useCase));
        SimulatedDecision decided = SimulatedDecision.of(serving, input, config.limits());
        SimulatedDecision[] simulated = new SimulatedDecision[1];
        CandidateReport report = candidateCheck.simulate(candidate, serving, List.of(input), (decision, index) -> simulated[0] = decision,
                requester);
        return new Simulation(Map.of(), decided.decision(), decided.failure(), simulated[0], report);
    }
}
