package io.aigov.evaluation.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.aigov.audit.AuditLog;
import io.aigov.audit.AuditPage;
import io.aigov.audit.AuditRecord;
import io.aigov.evaluation.engine.Decision;
import io.aigov.evaluation.engine.DecisionEngine;
import io.aigov.evaluation.model.UseCase;
import io.aigov.ruleset.config.RulesConfig;
import io.aigov.ruleset.service.ActiveRuleset;

/**
 * Evaluates use cases on the active ruleset and records every evaluation. A decision is returned
 * only after its audit record is committed: no decision leaves the service without its record.
 */
@ApplicationScoped
public class EvaluationService {

    private final ActiveRuleset activeRuleset;
    private final AuditLog auditLog;
    private final RulesConfig rulesConfig;

    public EvaluationService(ActiveRuleset activeRuleset, AuditLog auditLog, RulesConfig rulesConfig) {
        this.activeRuleset = activeRuleset;
        this.auditLog = auditLog;
        this.rulesConfig = rulesConfig;
    }

    public AuditRecord evaluate(UseCase useCase) {
        Decision decision = DecisionEngine.evaluate(activeRuleset.current(), useCase, rulesConfig.maxFirings());
        AuditRecord record = new AuditRecord();
        record.id = UUID.randomUUID();
        // PostgreSQL keeps microseconds; truncating here makes the answer and the stored record identical.
        record.evaluatedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        record.rulesetVersion = decision.rulesetVersion();
        record.useCaseName = useCase.name();
        record.approach = decision.approach();
        record.verdict = decision.verdict();
        record.ragRecommended = decision.ragRecommended();
        record.scorePrompting = decision.scores().prompting();
        record.scoreFineTuning = decision.scores().fineTuning();
        record.input = useCase;
        record.exposures = decision.exposures();
        record.firedRules = decision.firedRules();
        record.warnings = decision.warnings();
        auditLog.append(record);
        return record;
    }

    public Optional<AuditRecord> find(UUID id) {
        return auditLog.find(id);
    }

    public AuditPage list(int page, int size) {
        return auditLog.page(page, size);
    }
}
