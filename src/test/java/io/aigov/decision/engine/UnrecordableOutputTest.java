package io.aigov.decision.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.aigov.decision.golden.GoldenCaseResult;
import io.aigov.decision.golden.GoldenCaseRun;
import io.aigov.decision.model.Consistency;
import io.aigov.decision.model.RecordableText;
import io.aigov.decision.model.UseCase;
import io.aigov.decision.model.Vocabulary;
import io.aigov.decision.rulefile.RuleFile;
import io.aigov.decision.rulefile.RuleProblem;
import io.aigov.decision.ruleset.InvalidRulesetException;
import io.aigov.decision.ruleset.Ruleset;
import io.aigov.decision.ruleset.RulesetCompiler;
import io.aigov.decision.ruleset.RulesetSource;

/**
 * What rules write is checked as data: a reason, warning, obligation or regime the audit trail
 * could not keep (U+0000, which PostgreSQL refuses in jsonb; half a surrogate pair; a bidirectional
 * override) and a score that is not a number fail the one evaluation that produced them, as a defect
 * of the rules; golden cases go through the same check, so such rules never pass the gate. Text
 * built at run time cannot be checked where it is written: one approved rule writing U+0000 this way
 * once made every evaluation answer 503, since no record could be written.
 */
class UnrecordableOutputTest {

    private static final EvaluationLimits LIMITS = new EvaluationLimits(10_000, Duration.ofSeconds(10));

    static Stream<Arguments> unrecordable() {
        return Stream.of(
                Arguments.of("NUL formatted into a reason", "$a.because(String.format(\"%c\", 0));", "trigger",
                        "U+0000 (a control character)"),
                Arguments.of("override taken from the input", "$a.warn(\"about \" + $u.name());", "trigger \u202E",
                        "U+202E (a bidirectional formatting character)"),
                Arguments.of("half a surrogate pair", "$a.warn($u.name().substring(0, 9));", "trigger \uD83D\uDE00",
                        "U+D83D (half of a surrogate pair)"),
                Arguments.of("next-line control in an obligation",
                        "$a.expose(\"HIPAA\", ExposureLevel.HIGH, \"why\", String.format(\"%c\", 133));", "trigger",
                        "U+0085 (a control character)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unrecordable")
    void textTheAuditTrailCannotKeepFailsTheEvaluationThatWroteIt(String attack, String consequence, String name, String named) {
        Ruleset ruleset = shippedWith(consequence);

        RulesetDefectException defect = assertThrows(RulesetDefectException.class,
                () -> DecisionEngine.evaluate(ruleset, useCase(name), LocalDate.now(), LIMITS), attack);

        assertTrue(defect.getMessage().contains(named) && defect.getMessage().contains("cannot"), defect.getMessage());
        assertTrue(defect.getMessage().contains("\"writes\""), "names the rule: " + defect.getMessage());
        assertTrue(recordable(defect.getMessage()), "the message repeats the bad text: " + defect.getMessage());
        assertNotNull(DecisionEngine.evaluate(ruleset, useCase("a harmless name"), LocalDate.now(), LIMITS).approach(),
                "other evaluations still decide");
    }

    @Test
    void aGoldenCaseThatMakesTheRulesWriteSuchTextFailsAndSaysWhy() {
        Ruleset ruleset = shippedWith("$a.because(String.format(\"%c\", 0));");
        RuleFile goldenCase = new RuleFile("tests/trigger.json", """
                {"input": {"name": "trigger", "dailyRequestVolume": 1000, "consistency": "FLEXIBLE", "labeledExamples": 10,
                           "stableMonths": 1.0, "timeToProductionWeeks": 1.0, "latencyBudgetMs": 5000, "vocabulary": "STANDARD"},
                 "expect": {"approach": "PROMPTING"}}
                """);

        GoldenCaseResult result = GoldenCaseRun.run(ruleset, List.of(goldenCase), LIMITS).get(0);

        assertFalse(result.passed());
        assertTrue(result.differences().get(0).contains("U+0000") && result.differences().get(0).contains("writes"),
                result.differences().toString());
    }

    /** Scores are compared and recorded as numbers: NaN or an infinity is a defect of the rules. */
    @Test
    void aScoreThatIsNoNumberFailsTheEvaluation() {
        Ruleset ruleset = shippedWith("$a.favourFineTuning(0.0 / 0.0, \"undefined\");");
        RulesetDefectException defect = assertThrows(RulesetDefectException.class,
                () -> DecisionEngine.evaluate(ruleset, useCase("trigger"), LocalDate.now(), LIMITS));
        assertTrue(defect.getMessage().contains("a score must stay a finite number"), defect.getMessage());
    }

    /** A properties escape writes any character: one the audit trail could not keep is refused where it is written. */
    @Test
    void aPropertiesEscapeForAnUnrecordableCharacterIsRefusedWithItsLineAndColumn() {
        List<RuleFile> files = new ArrayList<>(RulesetSource.fromDirectory(Path.of("rules")));
        files.add(new RuleFile("pack.properties", """
                # a pack
                regime.PACK.title = Pack \\u202E kcaP
                regime.PACK.levels = LOW
                pack.count = \\u0000
                """));

        InvalidRulesetException refused = assertThrows(InvalidRulesetException.class, () -> RulesetCompiler.compile(files, "test"));

        List<RuleProblem> problems = refused.problems().stream().filter(p -> p.file().equals("pack.properties")).toList();
        assertTrue(problems.contains(new RuleProblem("pack.properties", 2, 26, "the key 'regime.PACK.title' or its value holds"
                + " U+202E (a bidirectional formatting character), written as an escape: rule files may hold only text a record"
                + " can keep")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.line() == 4 && p.column() == 14 && p.message().contains("U+0000")),
                problems.toString());
        assertTrue(problems.stream().allMatch(p -> recordable(p.message())), problems.toString());
    }

    /**
     * Rules written before regimes were declared name them freely; the name is text they write like
     * any other. Where regimes are declared, the message about an undeclared one quotes it safely.
     */
    @Test
    void aRegimeNamedWithUnrecordableTextFailsTheEvaluation() {
        String exposesNul = """
                package aigov.legacy;
                import io.aigov.decision.model.*;

                rule "writes"
                when
                    $a : Assessment()
                then
                    $a.recommend(Approach.PROMPTING, "always");
                    $a.decide(Verdict.ALLOWED, "always");
                    $a.expose(String.format("%c", 0), ExposureLevel.LIMITED, "named");
                end
                """;
        Ruleset legacy = RulesetCompiler.compile(List.of(new RuleFile("thresholds.properties", "n = 1\n"),
                new RuleFile("legacy.drl", exposesNul)), "test");
        RulesetDefectException defect = assertThrows(RulesetDefectException.class,
                () -> DecisionEngine.evaluate(legacy, useCase("trigger"), LocalDate.now(), LIMITS));
        assertTrue(defect.getMessage().contains("U+0000"), defect.getMessage());
        assertTrue(recordable(defect.getMessage()), defect.getMessage());

        Ruleset declared = shippedWith("$a.expose(String.format(\"%c\", 0), ExposureLevel.LIMITED, \"named\");");
        RulesetDefectException undeclared = assertThrows(RulesetDefectException.class,
                () -> DecisionEngine.evaluate(declared, useCase("trigger"), LocalDate.now(), LIMITS));
        assertTrue(undeclared.getMessage().contains("the regime '\\u0000' is not declared"), undeclared.getMessage());
    }

    /**
     * A decision repeats the names of the rules that fired: a name a record could not keep is refused
     * when the ruleset is built, even without the safety check, which finds it where it reads the file.
     */
    @Test
    void aRuleNameTheAuditTrailCannotKeepIsRefusedWhenTheRulesetIsBuilt() {
        List<RuleFile> files = new ArrayList<>(RulesetSource.fromDirectory(Path.of("rules")));
        files.add(new RuleFile("named.drl", """
                package aigov.named;
                import io.aigov.decision.model.*;

                rule "reads \u202E backwards"
                when
                    $a : Assessment()
                then
                    $a.warn("named");
                end
                """));

        InvalidRulesetException refused = assertThrows(InvalidRulesetException.class,
                () -> RulesetCompiler.compileExamined(files, "test"), "built as a check process builds what the service examined");

        assertTrue(refused.problems().stream().anyMatch(p -> p.file().equals("named.drl") && p.message().contains("U+202E")),
                refused.problems().toString());
        assertTrue(refused.problems().stream().allMatch(p -> recordable(p.message())), refused.problems().toString());
    }

    /** The shipped rules and one more, which writes what it is given when the use case's name asks for it. */
    private static Ruleset shippedWith(String consequence) {
        List<RuleFile> files = new ArrayList<>(RulesetSource.fromDirectory(Path.of("rules")));
        files.add(new RuleFile("writes.drl", """
                package aigov.writes;
                import io.aigov.decision.model.*;

                rule "writes"
                when
                    $u : UseCase( name.startsWith("trigger") )
                    $a : Assessment()
                then
                    %s
                end
                """.formatted(consequence)));
        return RulesetCompiler.compile(files, "test");
    }

    private static UseCase useCase(String name) {
        return new UseCase(name, null, 1000L, Consistency.FLEXIBLE, 10L, 1.0, 1.0, 5000L,
                Vocabulary.STANDARD, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** Whether a message could itself be recorded: it never carries along the text it is about. */
    private static boolean recordable(String message) {
        return RecordableText.firstRefused(message).isEmpty();
    }
}
