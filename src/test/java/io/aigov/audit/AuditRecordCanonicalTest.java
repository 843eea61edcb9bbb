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

import io.aigov.decision.engine.Decision;
import io.aigov.decision.explain.Counterfactuals;
import io.aigov.decision.model.Approach;
import io.aigov.decision.model.Consistency;
import io.aigov.decision.model.Domain;
import io.aigov.decision.model.Exposure;
import io.aigov.decision.model.ExposureLevel;
import io.aigov.decision.model.FiredRule;
import io.aigov.decision.model.Scores;
import io.aigov.decision.model.UseCase;
import io.aigov.decision.model.Verdict;
import io.aigov.decision.model.Vocabulary;

/**
 * Every kind of record hashes as records of its kind always have: the expected canonical texts
 * (audit/canonical-records.txt) were produced by the record shape that wrote the existing chains,
 * a flat class of the decision's fields, so any change to how a record is held must give them byte
 * for byte.
 */
class AuditRecordCanonicalTest {

    private static final UUID ID = UUID.fromString("6f1c2a4e-0d3b-4c5a-9e7f-1a2b3c4d5e6f");
    private static final UUID PROPOSAL = UUID.fromString("11111111-2222-3333-4444-555555555555");
    private static final UUID EVALUATION = UUID.fromString("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee");
    private static final Instant AT = Instant.parse("2024-03-01T10:15:30.123456Z");

    private static UseCase input() {
        return new UseCase("Invoice helper for Jane Doe", "Answers customers' questions about invoices, \"quoted\" and é", 2500L, Consistency.MODERATE, 120L,
                6.5, 4.0, 800L, Vocabulary.STANDARD, true, false, Domain.FINANCE, true, false, false, java.util.Set.of("CHAT", "RAG"),
                false, true, List.of("US"), null);
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

    /** An evaluation, as the audit log records it: the name masked, the decision held whole. */
    private static AuditRecord evaluation(Counterfactuals counterfactuals) {
        MaskedFields masked = new MaskedFields(List.of("name"));
        Decision decision = new Decision(Approach.PROMPTING, true, Verdict.BOARD_REVIEW, new Scores(0.75, 0.1), exposures(), firedRules(),
                List.of("few labeled examples"), "3f9a");
        return AuditRecord.ofEvaluation(ID, AT, "alice", masked.masked(input()), masked.fields(), decision, counterfactuals);
    }

    /** A board decision on an evaluation, with the approach the board chose when it overrode the recommended one. */
    private static AuditRecord boardDecision(Approach override) {
        AuditRecord evaluation = evaluation(counterfactuals());
        BoardDecision decision = new BoardDecision(PROPOSAL, EVALUATION, override == null ? BoardDecision.Outcome.APPROVED_WITH_CONDITIONS
                : BoardDecision.Outcome.APPROVED, "fits the policy", override == null ? List.of("review in 6 months") : List.of(),
                evaluation.outcome.approach(), override == null ? null : new BoardDecision.Override(override, "the team has the data"));
        return AuditRecord.ofBoardDecision(ID, evaluation, decision, AT, "bob");
    }

    private static AuditRecord event(AuditKind kind) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("version", "3f9a");
        details.put("origin", null);
        details.put("roles", List.of("REVIEWER", "ADMIN"));
        return AuditRecord.ofEvent(ID, kind, AT, "carol", new AuditEvent("ACTIVATED", details));
    }

    private static Map<String, AuditRecord> records() {
        Map<String, AuditRecord> records = new LinkedHashMap<>();
        records.put("evaluation", evaluation(counterfactuals()));
        records.put("evaluation without counterfactuals", evaluation(null));
        records.put("board decision", boardDecision(null));
        records.put("board decision with override", boardDecision(Approach.FINE_TUNING));
        records.put("ruleset event", event(AuditKind.RULESET_EVENT));
        records.put("user event", event(AuditKind.USER_EVENT));
        records.put("counterfactuals found afterwards", AuditRecord.ofCounterfactuals(ID, EVALUATION, counterfactuals(), AT));
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
