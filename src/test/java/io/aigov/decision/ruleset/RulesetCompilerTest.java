package io.aigov.decision.ruleset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.aigov.decision.engine.DecisionEngine;
import io.aigov.decision.engine.EvaluationLimits;
import io.aigov.decision.engine.RulesetDefectException;
import io.aigov.decision.golden.GoldenCaseResult;
import io.aigov.decision.golden.GoldenCaseRun;
import io.aigov.decision.model.Consistency;
import io.aigov.decision.model.UseCase;
import io.aigov.decision.model.Vocabulary;
import io.aigov.decision.safety.RuleSafetyCheck;

class RulesetCompilerTest {

    private static final List<RuleFile> RULES = RulesetSource.fromDirectory(Path.of("rules"));
    private static final EvaluationLimits LIMITS = new EvaluationLimits(500, Duration.ofSeconds(10));
    private static final UseCase USE_CASE = new UseCase("x", null, 1000L, Consistency.FLEXIBLE, 10L, 1.0, 1.0, 5000L,
            Vocabulary.STANDARD, null, null, null, null, null, null, Set.of(), null, null);

    @Test
    void theBundledRulesAreExactlyTheRulesFolder() {
        assertEquals(RulesetVersion.of(RULES), RulesetVersion.of(RulesetSource.bundled()));
        assertEquals(RULES.stream().map(RuleFile::name).toList(), RulesetSource.bundled().stream().map(RuleFile::name).toList());
    }

    @Test
    void theVersionChangesWithAnyFileAndOnlyThen() {
        List<RuleFile> reordered = new ArrayList<>(RULES);
        Collections.reverse(reordered);
        assertEquals(RulesetVersion.of(RULES), RulesetVersion.of(reordered));
        List<RuleFile> edited = replace("thresholds.properties", "volume.fineTuning.min = 50000", "volume.fineTuning.min = 40000");
        assertNotEquals(RulesetVersion.of(RULES), RulesetVersion.of(edited));
        assertEquals(64, RulesetVersion.of(RULES).length());
    }

    /**
     * Rule files written before the fact model became part of the decision core import it from its
     * former package, and stored versions keep their text: they still pass the safety check, compile
     * and decide as the same rules naming the package where it is now.
     */
    @Test
    void rulesNamingTheFactModelsFormerPackageStillCompileAndDecideAlike() {
        List<RuleFile> former = RULES.stream()
                .map(file -> new RuleFile(file.name(), file.content().replace("io.aigov.decision.model.", "io.aigov.evaluation.model.")))
                .toList();
        assertNotEquals(RULES, former, "the shipped rules import the fact model");
        assertEquals(List.of(), RuleSafetyCheck.check(former));
        Ruleset now = RulesetCompiler.compile(RULES, "now");
        Ruleset before = RulesetCompiler.compile(former, "before");
        assertNotEquals(now.version(), before.version(), "a stored version keeps the text it was written with");
        List<GoldenCaseResult> results = GoldenCaseRun.run(before, RulesetSource.goldenCasesFromDirectory(Path.of("rules")), LIMITS);
        assertTrue(results.size() > 10);
        results.forEach(result -> assertTrue(result.passed(), result.toString()));
        assertEquals(DecisionEngine.evaluate(now, USE_CASE, LocalDate.of(2026, 12, 2), LIMITS).approach(),
                DecisionEngine.evaluate(before, USE_CASE, LocalDate.of(2026, 12, 2), LIMITS).approach());
    }

    @Test
    void aSyntaxErrorIsReportedWithItsFileAndLine() {
        List<RuleFile> broken = new ArrayList<>(RULES);
        broken.add(new RuleFile("broken.drl", """
                package aigov.broken;
                import io.aigov.decision.model.Assessment;

                rule "broken"
                when
                    $a : Assessment( promptingScore > )
                then
                end
                """));
        InvalidRulesetException e = assertThrows(InvalidRulesetException.class, () -> RulesetCompiler.compile(broken, "test"));
        assertTrue(e.problems().stream().anyMatch(p -> p.file().equals("broken.drl") && p.line() == 6), e.problems().toString());
    }

    @Test
    void anUnknownTypeIsReportedInItsFile() {
        List<RuleFile> broken = new ArrayList<>(RULES);
        broken.add(new RuleFile("unknown-type.drl", """
                package aigov.broken;

                rule "unknown-type"
                when
                    NoSuchFact( )
                then
                end
                """));
        InvalidRulesetException e = assertThrows(InvalidRulesetException.class, () -> RulesetCompiler.compile(broken, "test"));
        assertTrue(e.problems().stream().allMatch(p -> p.file().equals("unknown-type.drl")), e.problems().toString());
        assertTrue(e.problems().stream().anyMatch(p -> p.message().contains("NoSuchFact")), e.problems().toString());
    }

    @Test
    void badThresholdValuesAreReportedWithTheirLine() {
        List<RuleFile> edited = replace("thresholds.properties", "volume.fineTuning.min = 50000", "volume.fineTuning.min = lots");
        edited = replace(edited, "thresholds.properties", "examples.minimum = 200", "examples.minimum = -200");
        edited = replace(edited, "thresholds.properties", "euAiAct.highRisk.date = 2027-12-02", "euAiAct.highRisk.date = December 2027");
        List<RuleFile> files = edited;
        InvalidRulesetException e = assertThrows(InvalidRulesetException.class, () -> RulesetCompiler.compile(files, "test"));
        assertEquals(3, e.problems().size(), e.problems().toString());
        assertTrue(e.problems().stream().allMatch(p -> p.file().equals("thresholds.properties") && p.line() > 0));
        assertTrue(e.getMessage().contains("volume.fineTuning.min = 'lots' is not a number"), e.getMessage());
        assertTrue(e.getMessage().contains("must be a number of zero or more"), e.getMessage());
        assertTrue(e.getMessage().contains("is not a date"), e.getMessage());
    }

    @Test
    void aRulesetWithoutThresholdsIsRefused() {
        List<RuleFile> withoutThresholds = RULES.stream().filter(RuleFile::isDrl).toList();
        InvalidRulesetException e = assertThrows(InvalidRulesetException.class,
                () -> RulesetCompiler.compile(withoutThresholds, "test"));
        assertEquals("thresholds.properties", e.problems().get(0).file());
    }

    @Test
    void aRuleThatNeverSettlesIsStoppedInsteadOfHangingTheService() {
        List<RuleFile> looping = new ArrayList<>(RULES);
        looping.add(new RuleFile("looping.drl", """
                package aigov.looping;
                import io.aigov.decision.model.Assessment;

                rule "looping"
                when
                    $a : Assessment( promptingScore >= 0 )
                then
                    modify($a) { favourPrompting(1, "again") }
                end
                """));
        Ruleset ruleset = RulesetCompiler.compile(looping, "test");
        RulesetDefectException e = assertThrows(RulesetDefectException.class, () -> DecisionEngine.evaluate(ruleset, USE_CASE, LocalDate.now(), LIMITS));
        assertTrue(e.getMessage().contains("did not settle within 500"), e.getMessage());
    }

    @Test
    void aRulesetThatDecidesNothingIsADefect() {
        List<RuleFile> noVerdict = RULES.stream().filter(f -> !f.name().equals("verdict.drl")).toList();
        Ruleset ruleset = RulesetCompiler.compile(noVerdict, "test");
        RulesetDefectException e = assertThrows(RulesetDefectException.class, () -> DecisionEngine.evaluate(ruleset, USE_CASE, LocalDate.now(), LIMITS));
        assertTrue(e.getMessage().contains("decided no verdict"), e.getMessage());
    }

    private static List<RuleFile> replace(String file, String from, String to) {
        return replace(RULES, file, from, to);
    }

    private static List<RuleFile> replace(List<RuleFile> files, String file, String from, String to) {
        return files.stream().map(f -> {
            if (!f.name().equals(file)) {
                return f;
            }
            assertTrue(f.content().contains(from), file + " has no '" + from + "'");
            return new RuleFile(f.name(), f.content().replace(from, to));
        }).toList();
    }
}
