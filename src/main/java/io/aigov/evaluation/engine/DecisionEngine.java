package io.aigov.evaluation.engine;

import java.util.ArrayList;
import java.util.List;

import org.drools.commands.runtime.rule.FireAllRulesCommand;
import org.kie.api.command.Command;
import org.kie.api.definition.rule.Rule;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.ExecutionResults;
import org.kie.api.runtime.StatelessKieSession;
import org.kie.internal.command.CommandFactory;

import io.aigov.evaluation.model.Assessment;
import io.aigov.evaluation.model.FiredRule;
import io.aigov.evaluation.model.UseCase;
import io.aigov.ruleset.Ruleset;

/**
 * Runs one use case through one ruleset. Holds no state between evaluations: each gets a fresh
 * stateless session, so evaluations on different threads or rulesets never meet.
 */
public final class DecisionEngine {

    private static final String FIRED = "fired";

    private DecisionEngine() {
    }

    public static Decision evaluate(Ruleset ruleset, UseCase useCase, int maxFirings) {
        Assessment assessment = new Assessment();
        List<FiredRule> firedRules = new ArrayList<>();
        StatelessKieSession session = ruleset.kieBase().newStatelessKieSession();
        session.addEventListener(new DefaultAgendaEventListener() {
            @Override
            public void afterMatchFired(AfterMatchFiredEvent event) {
                Rule rule = event.getMatch().getRule();
                List<String> reasons = assessment.drainReasons();
                String reason = reasons.isEmpty() ? "(the rule gave no reason)" : String.join(" ", reasons);
                firedRules.add(new FiredRule(rule.getName(), ruleset.fileOf(rule.getPackageName(), rule.getName()), reason));
            }
        });
        List<Command<?>> commands = List.of(
                CommandFactory.newInsertElements(List.of(useCase, ruleset.thresholds(), assessment)),
                new FireAllRulesCommand(FIRED, maxFirings, null));
        ExecutionResults results = session.execute(CommandFactory.newBatchExecution(commands));

        if ((Integer) results.getValue(FIRED) >= maxFirings) {
            throw new RulesetDefectException("ruleset " + ruleset.version() + " did not settle within " + maxFirings
                    + " rule firings");
        }
        if (assessment.getApproach() == null || assessment.getVerdict() == null) {
            throw new RulesetDefectException("ruleset " + ruleset.version() + " decided no "
                    + (assessment.getApproach() == null ? "approach" : "verdict"));
        }
        return new Decision(assessment.getApproach(), assessment.isRagRecommended(), assessment.getVerdict(),
                assessment.scores(), assessment.exposures(), List.copyOf(firedRules), assessment.getWarnings(),
                ruleset.version());
    }
}
