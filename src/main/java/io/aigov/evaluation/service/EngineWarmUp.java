package io.aigov.evaluation.service;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.quarkus.runtime.StartupEvent;

import io.aigov.decision.engine.Decision;
import io.aigov.decision.engine.DecisionEngine;
import io.aigov.decision.engine.EvaluationLimits;
import io.aigov.decision.explain.CounterfactualSearch;
import io.aigov.decision.golden.GoldenCase;
import io.aigov.decision.golden.GoldenCaseRun;
import io.aigov.decision.model.UseCase;
import io.aigov.decision.rulefile.RuleFile;
import io.aigov.decision.ruleset.Ruleset;
import io.aigov.evaluation.config.CounterfactualsConfig;
import io.aigov.ruleset.config.RulesConfig;
import io.aigov.ruleset.service.ActiveRuleset;
import io.aigov.shared.DaemonThreads;

/**
 * Warms the engine and the why-not search up after a start: the first evaluations after a start
 * found fewer counterfactuals than later ones ("stopped at its budget"), because the engine and the
 * search still ran interpreted. One low-priority thread decides the serving rules' golden cases with
 * their searches a few times once the rules serve; nothing is recorded or kept, and evaluations are
 * answered meanwhile as ever.
 */
@ApplicationScoped
public class EngineWarmUp {

    private static final Logger LOG = Logger.getLogger(EngineWarmUp.class);
    private static final long WAIT_FOR_RULES_MILLIS = 100;

    private final ActiveRuleset activeRuleset;
    private final CounterfactualsConfig config;
    private final RulesConfig rulesConfig;

    public EngineWarmUp(ActiveRuleset activeRuleset, CounterfactualsConfig config, RulesConfig rulesConfig) {
        this.activeRuleset = activeRuleset;
        this.config = config;
        this.rulesConfig = rulesConfig;
    }

    void onStart(@Observes StartupEvent start) {
        if (config.warmUpRounds() <= 0) {
            return;
        }
        Thread warming = DaemonThreads.named("engine-warm-up").newThread(() -> {
            try {
                while (!activeRuleset.started()) {
                    Thread.sleep(WAIT_FOR_RULES_MILLIS);
                }
                long began = System.nanoTime();
                int searches = warm(activeRuleset.current(), activeRuleset.active().candidate().goldenCases(), rulesConfig.limits(),
                        config.budget(), config.warmUpRounds());
                LOG.infof("Warmed the engine up: %d decisions of the golden cases with their searches in %d ms", searches,
                        (System.nanoTime() - began) / 1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                // Only slower first searches without it.
                LOG.warnf("Warming the engine up failed: %s", e.toString());
            }
        });
        warming.setPriority(Thread.MIN_PRIORITY);
        warming.start();
    }

    /**
     * Decides each golden case's use case on the ruleset, with its search, the given number of times;
     * a case that cannot be read or decided is passed over.
     *
     * @return how many decisions were searched
     */
    static int warm(Ruleset ruleset, List<RuleFile> goldenCases, EvaluationLimits limits, CounterfactualSearch.Budget budget, int rounds) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        int searched = 0;
        for (int round = 0; round < rounds; round++) {
            for (RuleFile file : goldenCases) {
                try {
                    GoldenCase golden = GoldenCaseRun.read(file);
                    LocalDate day = golden.evaluationDate() == null ? today : golden.evaluationDate();
                    UseCase input = ruleset.declarations().understood(golden.input());
                    Decision decision = DecisionEngine.evaluate(ruleset, input, day, limits);
                    CounterfactualSearch.search(ruleset, input, decision, day, limits, budget);
                    searched++;
                } catch (JsonProcessingException | RuntimeException unusable) {
                    // A golden case the check reports on; warming up needs only the others.
                }
            }
        }
        return searched;
    }
}
