package io.aigov.decision.ruleset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.aigov.decision.engine.Decision;
import io.aigov.decision.engine.DecisionEngine;
import io.aigov.decision.engine.EvaluationLimits;
import io.aigov.decision.engine.RulesetDefectException;
import io.aigov.decision.golden.GoldenCase;
import io.aigov.decision.golden.GoldenCaseRun;
import io.aigov.decision.model.Consistency;
import io.aigov.decision.model.Declarations;
import io.aigov.decision.model.Domain;
import io.aigov.decision.model.Exposure;
import io.aigov.decision.model.ExposureLevel;
import io.aigov.decision.model.UseCase;
import io.aigov.decision.model.Vocabulary;
import io.aigov.decision.rulefile.RuleFile;
import io.aigov.decision.rulefile.RuleProblem;
import io.aigov.decision.safety.RuleSafetyCheck;

/** Obligations a pack declares with an identity, and rules naming them on the exposure they follow from. */
class DeclaredObligationsTest {

    private static final List<RuleFile> RULES = RulesetSource.fromDirectory(Path.of("rules"));
    private static final Ruleset SHIPPED = RulesetCompiler.compile(RULES, "test");
    private static final EvaluationLimits LIMITS = new EvaluationLimits(10_000, Duration.ofSeconds(10));

    private static UseCase hiringInNewYorkCity() {
        return SHIPPED.declarations().understood(new UseCase("NYC CV shortlisting", null, 8000L, Consistency.MODERATE, 600L, 6.0, 8.0,
                2500L, Vocabulary.STANDARD, null, null, Domain.EMPLOYMENT, null, true, null, Set.of(), null, null, List.of("US-NYC"), null));
    }

    @Test
    void theNewYorkCityPackDeclaresItsObligationsWithTheirCitationDateRecurrenceAndEvidence() {
        Declarations.DeclaredObligation audit = SHIPPED.declarations().obligation("nyc-ll144.bias-audit").orElseThrow();
        assertEquals("NYC_LL144", audit.regime());
        assertEquals("regulation-nyc-local-law-144", audit.pack());
        assertEquals("NYC Admin. Code 20-871(a)(1); 6 RCNY 5-301", audit.citation());
        assertEquals("nycLl144.enforcement.date", audit.appliesFrom());
        assertEquals(LocalDate.of(2023, 7, 5), audit.appliesFromDate(), "the date of the thresholds it names");
        assertEquals(12, audit.recurrenceMonths());
        assertEquals(Set.of(Declarations.EvidenceKind.DOCUMENT, Declarations.EvidenceKind.ATTESTATION), audit.evidence());
        assertNull(SHIPPED.declarations().obligation("nyc-ll144.notice").orElseThrow().recurrenceMonths());
    }

    @Test
    void aDecisionNamesTheDeclaredObligationsOfEachExposure() throws Exception {
        Decision decided = DecisionEngine.evaluate(SHIPPED, hiringInNewYorkCity(), LocalDate.of(2026, 12, 1), LIMITS);
        Exposure nyc = decided.exposures().stream().filter(exposure -> exposure.regime().equals("NYC_LL144")).findFirst().orElseThrow();
        assertEquals(List.of("nyc-ll144.bias-audit", "nyc-ll144.public-summary", "nyc-ll144.notice"), nyc.obligationIds());
        assertTrue(nyc.obligations().size() >= 3, "the obligations as people read them stay");

        // An exposure without ids reads as one always did: records written before keep their text and hash.
        String without = new ObjectMapper().writeValueAsString(new Exposure("SOX", ExposureLevel.HIGH, List.of("ICFR controls")));
        assertFalse(without.contains("obligationIds"), without);
        assertEquals(new Exposure("SOX", ExposureLevel.HIGH, List.of("ICFR controls")),
                new ObjectMapper().readValue(without, Exposure.class));
    }

    @Test
    void anEuHighRiskExposureNamesAiLiteracyAndTheEightDutiesOfAHighRiskSystemDueFromTheHighRiskDate() throws Exception {
        UseCase screening = SHIPPED.declarations().understood(new UseCase("EU CV shortlisting", null, 8000L, Consistency.MODERATE, 600L, 6.0,
                8.0, 2500L, Vocabulary.STANDARD, null, null, Domain.EMPLOYMENT, true, true, null, Set.of(), null, null, List.of(), null));
        Decision decided = DecisionEngine.evaluate(SHIPPED, screening, LocalDate.of(2026, 12, 1), LIMITS);
        Exposure eu = decided.exposures().stream().filter(exposure -> exposure.regime().equals("EU_AI_ACT")).findFirst().orElseThrow();
        assertEquals(ExposureLevel.HIGH, eu.level());
        assertEquals(List.of("eu-ai-act.art4.ai-literacy", "eu-ai-act.art9.risk-management", "eu-ai-act.art10.data-governance",
                "eu-ai-act.art11.technical-documentation", "eu-ai-act.art12.record-keeping", "eu-ai-act.art13.transparency",
                "eu-ai-act.art14.human-oversight", "eu-ai-act.art15.accuracy-robustness", "eu-ai-act.art26.log-retention"),
                eu.obligationIds());
        assertEquals(LocalDate.of(2027, 12, 2), SHIPPED.declarations().obligation("eu-ai-act.art14.human-oversight").orElseThrow()
                .appliesFromDate(), "euAiAct.highRisk.date");
    }

    /**
     * Every pack's duties have identities, so that each use case gets its controls: in every golden
     * case, an exposure to these regimes (but a prohibition, which is no control to meet) names the
     * obligations its pack declares, and each regime is exposed by some golden case.
     */
    @Test
    void eachPacksExposuresNameTheirObligationsInTheGoldenCases() throws Exception {
        Set<String> regimes = Set.of("HIPAA", "SOX", "NYC_LL144", "CO_SB26_189", "CA_CCPA_ADMT", "CA_CRC_ADS", "IL_HB3773");
        Set<String> seen = new TreeSet<>();
        for (RuleFile file : RulesetSource.goldenCasesFromDirectory(Path.of("rules"))) {
            GoldenCase golden = GoldenCaseRun.read(file);
            LocalDate day = golden.evaluationDate() == null ? LocalDate.of(2026, 12, 2) : golden.evaluationDate();
            Decision decided = DecisionEngine.evaluate(SHIPPED, SHIPPED.declarations().understood(golden.input()), day, LIMITS);
            for (Exposure exposure : decided.exposures()) {
                boolean disclosure = exposure.regime().equals("TX_TRAIGA") && exposure.level() == ExposureLevel.LIMITED;
                if ((regimes.contains(exposure.regime()) || disclosure) && exposure.level() != ExposureLevel.PROHIBITED) {
                    assertFalse(exposure.obligationIds().isEmpty(), file.name() + ": " + exposure);
                    exposure.obligationIds().forEach(id -> assertEquals(exposure.regime(),
                            SHIPPED.declarations().obligation(id).orElseThrow().regime(), file.name() + ": " + id));
                    seen.add(exposure.regime());
                }
            }
        }
        Set<String> expected = new TreeSet<>(regimes);
        expected.add("TX_TRAIGA");
        assertEquals(expected, seen, "every regime is exposed by a golden case");
    }

    @Test
    void obligationsThatDoNotHoldTogetherAreRefusedWithTheirLines() {
        List<RuleFile> files = new ArrayList<>(RULES);
        files.add(new RuleFile("broken-obligations.properties", """
                obligation.x.one.regime = NO_SUCH_REGIME
                obligation.x.one.title = One
                obligation.x.one.citation = s. 1
                obligation.x.two.regime = NYC_LL144
                obligation.x.two.title = Two
                obligation.x.two.citation = s. 2
                obligation.x.two.appliesFrom = next spring
                obligation.x.three.regime = NYC_LL144
                obligation.x.three.citation = s. 3
                obligation.x.four.regime = NYC_LL144
                obligation.x.four.title = Four
                obligation.x.four.citation = s. 4
                obligation.x.four.evidence = DOCUMENT, HEARSAY
                obligation.x.four.recurrenceMonths = 0
                obligation.X_Bad.title = Bad
                """));
        InvalidRulesetException refused = assertThrows(InvalidRulesetException.class, () -> RulesetCompiler.compile(files, "test"));
        List<String> messages = refused.problems().stream()
                .map(problem -> problem.file() + ":" + (problem.line() > 0) + " " + problem.message()).toList();
        for (String expected : List.of("names NO_SUCH_REGIME, which no pack declares as a regime",
                "obligation.x.two.appliesFrom = next spring is neither a date", "obligation.x.three.title is missing",
                "must name kinds of evidence among", "must be a whole number of months from 1 to 120",
                "declares an obligation whose id is not lower-case")) {
            assertTrue(messages.stream().anyMatch(message -> message.startsWith("broken-obligations.properties:true")
                    && message.contains(expected)), "expected '" + expected + "' in " + messages);
        }
    }

    @Test
    void aRuleNamingAnUndeclaredObligationIsRefusedWithItsLineAndOneNamingItBeforeItsExposureFails() {
        String header = """
                package aigov.regulation.extra;

                import io.aigov.decision.model.Assessment;
                import io.aigov.decision.model.Domain;
                import io.aigov.decision.model.UseCase;

                """;
        List<RuleFile> files = new ArrayList<>(RULES);
        files.add(new RuleFile("extra.drl", header + """
                rule "misspelt-obligation"
                when
                    $a : Assessment()
                then
                    $a.oblige("nyc-ll144.notice",
                        "nyc-ll144.bias-audti");
                end

                rule "obligation-built-at-run-time"
                when
                    $a : Assessment()
                    UseCase( $name : name )
                then
                    $a.oblige("nyc-ll144.notice", "nyc-ll144." + $name);
                end
                """));
        List<RuleProblem> findings = RuleSafetyCheck.check(files, RulesetCompiler.declarationsToCheck(files));
        assertEquals(2, findings.size(), findings.toString());
        assertEquals("extra.drl", findings.get(0).file());
        assertEquals(12, findings.get(0).line(), "the line of the misspelt id among several");
        assertTrue(findings.get(0).message().contains("obligation 'nyc-ll144.bias-audti' is not declared"), findings.toString());
        assertTrue(findings.get(1).message().contains("oblige names each obligation as text written in the rule"), findings.toString());

        files.set(files.size() - 1, new RuleFile("extra.drl", header + """
                rule "obligation-without-its-exposure"
                when
                    $a : Assessment()
                    UseCase( domain == Domain.LEGAL )
                then
                    $a.oblige("nyc-ll144.notice");
                end
                """));
        Ruleset extra = RulesetCompiler.compile(files, "test");
        UseCase legal = new UseCase("Contract review", null, 100L, Consistency.MODERATE, 10L, 6.0, 8.0, 2500L, Vocabulary.STANDARD, null,
                null, Domain.LEGAL, null, null, null, Set.of(), null, null, List.of(), null);
        RulesetDefectException failed = assertThrows(RulesetDefectException.class,
                () -> DecisionEngine.evaluate(extra, legal, LocalDate.of(2026, 12, 1), LIMITS));
        assertTrue(failed.getMessage().contains("the obligation nyc-ll144.notice is one of NYC_LL144, which the rules have not exposed"),
                failed.getMessage());
    }
}
