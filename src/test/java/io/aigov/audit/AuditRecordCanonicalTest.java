package io.aigov.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.aigov.decision.explain.Counterfactuals;
import io.aigov.decision.model.Approach;
import io.aigov.decision.model.Consistency;
import io.aigov.decision.model.Domain;
import io.aigov.decision.model.Exposure;
import io.aigov.decision.model.ExposureLevel;
import io.aigov.decision.model.FiredRule;
import io.aigov.decision.model.UseCase;
import io.aigov.decision.model.Verdict;
import io.aigov.decision.model.Vocabulary;

/**
 * Every kind of record hashes as records of its kind always have: the expected canonical texts
 * were produced by the record shapes that wrote the existing chains, so any change to how a record
 * is held must give them byte for byte.
 */
class AuditRecordCanonicalTest {

    private static final UUID ID = UUID.fromString("6f1c2a4e-0d3b-4c5a-9e7f-1a2b3c4d5e6f");
    private static final UUID PROPOSAL = UUID.fromString("11111111-2222-3333-4444-555555555555");
    private static final UUID EVALUATION = UUID.fromString("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee");
    private static final Instant AT = Instant.parse("2024-03-01T10:15:30.123456Z");

    private static UseCase input() {
        return new UseCase("[masked]", "Answers customers' questions about invoices, \"quoted\" and é", 2500L, Consistency.MODERATE, 120L,
                6.5, 4.0, 800L, Vocabulary.STANDARD, true, false, Domain.FINANCE, true, false, false, java.util.Set.of("CHAT", "RAG"),
                false, true, List.of("US"));
    }

    private static List<Exposure> exposures() {
        return List.of(new Exposure("EU_AI_ACT", ExposureLevel.LIMITED, List.of("transparency notice")),
                new Exposure("SOX", ExposureLevel.HIGH, List.of()));
    }

    private static List<FiredRule> firedRules() {
        return List.of(new FiredRule("volume favours prompting", "approach.drl", "2500 requests a day"),
                new FiredRule("financial reporting", "regimes.drl", null));
    }

    private static Counterfactuals counterfactuals() {
        return new Counterfactuals(List.of(new Counterfactuals.Counterfactual("labeledExamples", 5000, 120, "FINE_TUNING",
                "with 5000 labeled examples the approach would be FINE_TUNING")), List.of(), 42, true);
    }

    /** An evaluation, as the evaluation service recorded it. */
    private static AuditRecord evaluation(Counterfactuals counterfactuals) {
        AuditRecord record = new AuditRecord();
        record.id = ID;
        record.evaluatedAt = AT;
        record.requestedBy = "alice";
        record.rulesetVersion = "3f9a";
        record.input = input();
        record.maskedFields = List.of("name");
        record.useCaseName = record.input.name();
        record.approach = Approach.PROMPTING;
        record.verdict = Verdict.BOARD_REVIEW;
        record.ragRecommended = true;
        record.scorePrompting = 0.75;
        record.scoreFineTuning = 0.1;
        record.exposures = exposures();
        record.firedRules = firedRules();
        record.warnings = List.of("few labeled examples");
        record.counterfactuals = counterfactuals;
        return record;
    }

    /** A board decision on an evaluation, as the proposal service recorded it. */
    private static AuditRecord boardDecision(Approach override) {
        AuditRecord evaluation = evaluation(counterfactuals());
        AuditRecord record = new AuditRecord();
        record.id = ID;
        record.kind = AuditKind.BOARD_DECISION;
        record.evaluatedAt = AT;
        record.requestedBy = "bob";
        record.rulesetVersion = evaluation.rulesetVersion;
        record.useCaseName = evaluation.useCaseName;
        record.input = evaluation.input;
        record.maskedFields = evaluation.maskedFields;
        record.approach = override != null ? override : evaluation.approach;
        record.verdict = evaluation.verdict;
        record.ragRecommended = evaluation.ragRecommended;
        record.scorePrompting = evaluation.scorePrompting;
        record.scoreFineTuning = evaluation.scoreFineTuning;
        record.exposures = evaluation.exposures;
        record.firedRules = evaluation.firedRules;
        record.warnings = evaluation.warnings;
        record.decision = new BoardDecision(PROPOSAL, EVALUATION, override == null ? BoardDecision.Outcome.APPROVED_WITH_CONDITIONS
                : BoardDecision.Outcome.APPROVED, "fits the policy", override == null ? List.of("review in 6 months") : List.of(),
                evaluation.approach, override == null ? null : new BoardDecision.Override(override, "the team has the data"));
        return record;
    }

    private static AuditRecord event(AuditKind kind) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("version", "3f9a");
        details.put("origin", null);
        details.put("roles", List.of("REVIEWER", "ADMIN"));
        AuditRecord record = AuditRecord.ofEvent(kind, AT, "carol", new AuditEvent("ACTIVATED", details));
        record.id = ID;
        return record;
    }

    private static Map<String, AuditRecord> records() {
        Map<String, AuditRecord> records = new LinkedHashMap<>();
        records.put("evaluation", evaluation(counterfactuals()));
        records.put("evaluation without counterfactuals", evaluation(null));
        records.put("board decision", boardDecision(null));
        records.put("board decision with override", boardDecision(Approach.FINE_TUNING));
        records.put("ruleset event", event(AuditKind.RULESET_EVENT));
        records.put("user event", event(AuditKind.USER_EVENT));
        return records;
    }

    /** Each record's name, canonical text and hash after the genesis hash, as the first record shapes gave them. */
    private static String expected() throws IOException {
        try (InputStream in = AuditRecordCanonicalTest.class.getResourceAsStream("/audit/canonical-records.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }

    @Test
    void everyKindOfRecordHashesAsItAlwaysDid() throws IOException {
        List<String> actual = new ArrayList<>();
        records().forEach((what, record) -> {
            String canonical = AuditChain.canonical(record);
            actual.add(what + "\n" + canonical + "\n" + AuditChain.hash(AuditChain.GENESIS, canonical));
        });
        assertEquals(expected(), String.join("\n\n", actual));
    }
}
