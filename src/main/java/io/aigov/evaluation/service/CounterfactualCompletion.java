package io.aigov.evaluation.service;


import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

import io.aigov.audit.AuditLog;
import io.aigov.audit.AuditRecord;
import io.aigov.decision.engine.Decision;
import io.aigov.decision.explain.Counterfactuals;
import io.aigov.decision.model.EvaluationDate;
import io.aigov.evaluation.config.CounterfactualsConfig;
import io.aigov.ruleset.config.RulesConfig;
import io.aigov.ruleset.service.RulesetVersions;
import io.aigov.shared.PollingWorker;

/**
 * Completes the counterfactuals of evaluations answered while their search was cut short or before a
 * search turn came: each such evaluation is searched again, on the ruleset and day that decided it,
 * and what is found becomes an audit record of its own naming the evaluation (the evaluation's
 * record, hashed and chained, is never changed). The evaluations to complete are read from the audit
 * log, so none is lost to a restart, and every replica completes those another left unfinished.
 */
@ApplicationScoped
public class CounterfactualCompletion {

    private static final Logger LOG = Logger.getLogger(CounterfactualCompletion.class);
    /** Evaluations taken at a time: each stays locked against the other replicas until the batch ends. */
    private static final int BATCH = 20;

    private final AuditLog auditLog;
    private final RulesetVersions versions;
    private final CounterfactualFinder finder;
    private final RulesConfig rulesConfig;
    private final CounterfactualsConfig config;
    private final PollingWorker worker = new PollingWorker("counterfactuals-afterwards", this::completeAll);
    /** Every evaluation up to this place in the chain has its counterfactuals whole or completed; only the worker reads and moves it. */
    private long completedThrough;

    public CounterfactualCompletion(AuditLog auditLog, RulesetVersions versions, CounterfactualFinder finder, RulesConfig rulesConfig,
            CounterfactualsConfig config) {
        this.auditLog = auditLog;
        this.versions = versions;
        this.finder = finder;
        this.rulesConfig = rulesConfig;
        this.config = config;
    }

    void start(@Observes StartupEvent started) {
        worker.start(config.completionInterval());
    }

    @PreDestroy
    void stop() {
        worker.stop();
    }

    /** Asks for the evaluations answered with their counterfactuals incomplete to be completed as soon as a search turn is free. */
    public void wake() {
        worker.wake();
    }

    private void completeAll() {
        if (config.maxEvaluations() == 0) {
            // The search is switched off: every answer says it has no counterfactuals, and none is searched afterwards.
            return;
        }
        try {
            long through;
            while ((through = auditLog.completeCounterfactuals(completedThrough, BATCH, this::searchAgain)) > completedThrough) {
                completedThrough = through;
            }
        } catch (RuntimeException e) {
            LOG.warnf("Completing the counterfactuals of evaluations after seq %d failed; trying again within %s: %s", completedThrough,
                    config.completionInterval(), e.toString());
        }
    }

    private Counterfactuals searchAgain(AuditRecord evaluation) {
        Decision decided = evaluation.outcome;
        return finder.findAfterwards(versions.thatDecided(evaluation.id, decided.rulesetVersion()), evaluation.input, decided,
                EvaluationDate.dayOf(evaluation.evaluatedAt), rulesConfig.limits());
    }
}
