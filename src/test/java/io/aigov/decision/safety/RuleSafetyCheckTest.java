package io.aigov.decision.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.aigov.decision.model.Declarations;
import io.aigov.decision.engine.Decision;
import io.aigov.decision.engine.DecisionEngine;
import io.aigov.decision.engine.EvaluationLimits;
import io.aigov.decision.model.Consistency;
import io.aigov.decision.model.Domain;
import io.aigov.decision.model.FiredRule;
import io.aigov.decision.model.UseCase;
import io.aigov.decision.model.Vocabulary;
import io.aigov.decision.rulefile.RuleFile;
import io.aigov.decision.rulefile.RuleProblem;
import io.aigov.decision.ruleset.Ruleset;
import io.aigov.decision.ruleset.RulesetCompiler;
import io.aigov.decision.ruleset.RulesetSource;

/**
 * Rule code an attacker with a rule-author account would write, and the code rule authors need:
 * the first is refused with a finding where it stands, the second passes.
 */
class RuleSafetyCheckTest {

    private static final String HEADER = """
            package aigov.attack;
            import io.aigov.decision.model.*;
            import java.util.List;
            import java.time.LocalDate;
            """;
    /** The line of the first consequence line in {@link #rule(String)}. */
    private static final int CONSEQUENCE_LINE = 10;

    /** A rule file using the vocabulary broadly: declared facts, functions, constraints, modify, insert, if/else. */
    private static final RuleFile VOCABULARY = new RuleFile("vocabulary.drl", HEADER + """

                declare Concern
                    level : ExposureLevel
                    share : double
                end

                function List<String> duties(Thresholds t, String area) {
                    String first = "Assess " + area + " before " + t.date("euAiAct.highRisk.date");
                    if (area.isEmpty()) {
                        return List.of();
                    }
                    return List.of(first, String.format("Review every %d months.", 6));
                }

                function double weight(UseCase u) {
                    return Math.min(2.0, Math.max(0, u.dailyRequestVolume() / 50000.0));
                }

                rule "flag-a-concern"
                    salience 10
                    no-loop true
                when
                    $t : Thresholds()
                    $d : EvaluationDate( before($t.date("euAiAct.highRisk.date")) )
                    $u : UseCase( euExposure == true, $volume : dailyRequestVolume, dailyRequestVolume > $t.number("volume.fineTuning.min"),
                                  domain in (Domain.EMPLOYMENT, Domain.EDUCATION) || has(Capability.EMOTION_RECOGNITION),
                                  name != null && name.length() < 200 )
                    $a : Assessment( approach == null, promptingScore <= fineTuningScore )
                    not Concern( level == ExposureLevel.HIGH )
                then
                    double share = (double) $volume / 1000;
                    long rounded = Math.round(share);
                    insert(new Concern(ExposureLevel.HIGH, weight($u)));
                    modify($a) { expose(Regime.EU_AI_ACT, ExposureLevel.HIGH, "Annex III area " + $u.domain() + ", " + rounded + "k a day",
                            duties($t, $u.domain().name())) }
                    if (!$a.getWarnings().contains("x")) {
                        $a.warn(String.join(", ", List.of("a", "b")) + " on " + $d.date());
                    } else {
                        $a.because("already warned");
                    }
                end

                rule "use-the-concern"
                when
                    Concern( $level : level, share > 0.5 )
                    $a : Assessment()
                then
                    modify($a) { favourFineTuning(1, "Concern at " + $level) }
                end
                """);

    @Test
    void theShippedRulesPass() {
        assertEquals(List.of(), RuleSafetyCheck.check(RulesetSource.fromDirectory(Path.of("rules")),
                RulesetCompiler.declarationsOf(RulesetSource.fromDirectory(Path.of("rules")))));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            shell command                 | Runtime.getRuntime().exec("touch /tmp/owned");                                              | type 'Runtime' is not allowed
            enum to class to URL          | Approach.PROMPTING.getDeclaringClass().getProtectionDomain();                               | 'Approach.getDeclaringClass' is not allowed
            enum to file read             | $a.because(Approach.PROMPTING.getDeclaringClass().getResource("/etc/passwd").toString());    | 'Approach.getDeclaringClass' is not allowed
            getClass reflection           | $a.getClass().getMethod("x").invoke($a);                                                    | 'Assessment.getClass' is not allowed
            class literal                 | $a.because(String.class.getName());                                                         | class literals
            fully qualified System        | java.lang.System.exit(0);                                                                   | fully qualified names
            fully qualified new           | new java.io.File("/etc/passwd").delete();                                                   | only new facts of types declared in the rules
            threads                       | new Thread(() -> {}).start();                                                               | only new facts of types declared in the rules
            lambda spin                   | Runnable spin = () -> { while (true) { } }; spin.run();                                     | type 'Runnable' is not allowed
            lambda as argument            | List.of(1).forEach(x -> { });                                                               | lambdas and method references
            method reference              | List.of(1).forEach(System.out::println);                                                    | lambdas and method references
            forbidden list method         | List.of(1).clear();                                                                         | 'List.clear' is not allowed
            endless loop                  | while (true) { }                                                                            | loops are not allowed
            for loop                      | for (int i = 0; i < 10; i++) { }                                                            | loops are not allowed
            input-triggered spin          | if ($u.name().equals("spin")) { while (true) { } }                                          | loops are not allowed
            long array bomb               | long[] big = new long[Integer.MAX_VALUE - 8];                                               | arrays are not allowed
            array creation                | $a.because("" + new long[Integer.MAX_VALUE - 8].length);                                    | arrays are not allowed
            string bomb                   | $a.because("x".repeat(2147483647));                                                         | 'String.repeat' is not allowed
            format width bomb             | $a.because(String.format("%999999999d", 1));                                                | format widths
            format from input             | $a.because(String.format($u.name(), 1));                                                    | string literal
            Math.random                   | $a.favourPrompting(Math.random(), "dice");                                                  | 'Math.random' is not allowed
            clock                         | $a.because("today " + java.time.LocalDate.now());                                           | fully qualified names
            LocalDate.now                 | $a.because("today " + LocalDate.now());                                                     | 'LocalDate.now' is not allowed
            identity hash                 | $a.because("" + $a.hashCode());                                                             | 'Assessment.hashCode' is not allowed
            System.identityHashCode       | $a.because("" + System.identityHashCode($a));                                               | type 'System' is not allowed
            identity hash by text         | $a.because("assessment " + $a);                                                             | cannot be turned into text
            identity hash by format       | $a.because(String.format("%s", $a));                                                        | cannot be turned into text
            engine access                 | drools.getKieRuntime().halt();                                                              | rules may not reach into the engine
            rule context                  | kcontext.getKieRuntime();                                                                   | rules may not reach into the engine
            update                        | update($a);                                                                                 | 'update' is not allowed
            delete                        | delete($u);                                                                                 | 'delete' is not allowed
            insert of the fact model      | insert(new UseCase(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null)); | only new facts of types declared in the rules
            try catch                     | try { $a.because("x"); } catch (RuntimeException e) { }                                     | throwing and catching
            local class                   | class Evil { } $a.because("x");                                                             | classes declared in rule code
            system properties             | $a.because(Integer.getInteger("x").toString());                                            | 'Integer.getInteger' is not allowed
            unknown type                  | StringJoiner joiner = null;                                                                 | type 'StringJoiner' is not allowed
            drain the reasons             | $a.drainReasons();                                                                          | 'Assessment.drainReasons' is not allowed
            synchronized                  | synchronized ($a) { $a.because("x"); }                                                      | 'synchronized' is not allowed
            switch                        | switch (1) { default: $a.because("x"); }                                                    | this kind of statement
            unknown function              | exit(0);                                                                                    | not a function of these rules
            """)
    void aConsequenceReachingOutsideTheVocabularyIsRefusedWhereItStands(String attack, String consequence, String named) {
        List<RuleProblem> findings = RuleSafetyCheck.check(List.of(rule(consequence)), Declarations.LEGACY);
        assertFalse(findings.isEmpty(), attack + " was not refused");
        assertTrue(findings.stream().anyMatch(f -> f.message().contains(named) && f.file().equals("attack.drl")
                && f.line() == CONSEQUENCE_LINE && f.column() >= 5), attack + ": " + findings);
    }

    @Test
    void aTextBlockHidingACommandIsRefused() {
        List<RuleProblem> findings = RuleSafetyCheck.check(List.of(rule("""
                $a.because(\"""
                        harmless text \"""); Runtime.getRuntime().exec("touch /tmp/owned");""")), Declarations.LEGACY);
        assertEquals(1, findings.size(), findings.toString());
        assertTrue(findings.get(0).message().contains("text blocks"), findings.toString());
        assertEquals(CONSEQUENCE_LINE, findings.get(0).line());
        assertEquals(16, findings.get(0).column());
    }

    @Test
    void unicodeEscapesThatCouldHideCodeAreRefused() {
        List<RuleProblem> findings = RuleSafetyCheck.check(List.of(rule("$a.because(\"\\u0022); System.exit(0); //\");")), Declarations.LEGACY);
        assertTrue(findings.stream().anyMatch(f -> f.message().contains("unicode escapes") && f.line() == CONSEQUENCE_LINE),
                findings.toString());
    }

    @Test
    void controlCharactersInAnyRuleFileAreRefusedWhereTheyAre() {
        List<RuleProblem> findings = RuleSafetyCheck.check(List.of(rule("$a.because(\"bell\u0007\");"),
                new RuleFile("thresholds.properties", "volume.fineTuning.min = 5\u00000000\n")), Declarations.LEGACY);
        assertEquals(2, findings.size(), findings.toString());
        assertTrue(findings.get(0).message().contains("U+0007"), findings.toString());
        assertEquals(CONSEQUENCE_LINE, findings.get(0).line());
        assertEquals("thresholds.properties", findings.get(1).file());
        assertEquals(1, findings.get(1).line());
        assertEquals(26, findings.get(1).column());
        assertEquals(List.of(), RuleSafetyCheck.check(List.of(rule("\t$a.because(\"tabs,\\nline feeds\");\r")), Declarations.LEGACY));
    }

    @Test
    void aDeclaredTypeShadowingTheJdkOrTheFactModelIsRefused() {
        List<RuleProblem> findings = RuleSafetyCheck.check(List.of(new RuleFile("shadow.drl", HEADER + """
                declare ModuleLayer
                end
                declare Assessment
                end
                rule "boot-layer"
                when
                    $a : Assessment()
                then
                    $a.because("" + ModuleLayer.boot());
                end
                """)), Declarations.LEGACY);
        assertTrue(findings.stream().anyMatch(f -> f.line() == 5 && f.message().contains("ModuleLayer is a type of java.lang")),
                findings.toString());
        assertTrue(findings.stream().anyMatch(f -> f.line() == 7 && f.message().contains("Assessment is a type of the fact model")),
                findings.toString());
        assertTrue(findings.stream().anyMatch(f -> f.line() == 13 && f.message().contains("ModuleLayer")), findings.toString());
    }

    @Test
    void recursionBetweenFunctionsIsRefused() {
        List<RuleProblem> findings = RuleSafetyCheck.check(List.of(new RuleFile("recursion.drl", HEADER + """
                function int down(int n) {
                    return n <= 0 ? 0 : up(n - 1);
                }
                function int up(int n) {
                    return down(n + 1);
                }
                function int self(int n) {
                    return self(n);
                }
                function int fine(int n) {
                    return n * 2;
                }
                rule "calls"
                when
                    $a : Assessment()
                then
                    $a.favourPrompting(down(1) + fine(2), "x");
                end
                """)), Declarations.LEGACY);
        assertEquals(3, findings.size(), findings.toString());
        assertTrue(findings.stream().allMatch(f -> f.message().contains("recursion is not allowed")), findings.toString());
        assertTrue(findings.stream().anyMatch(f -> f.line() == 5 && f.message().contains("down -> up -> down")), findings.toString());
        assertTrue(findings.stream().anyMatch(f -> f.line() == 11 && f.message().contains("self -> self")), findings.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            timer                  | timer (int: 1s 1s)                        | rules do not depend on time
            date-effective         | date-effective "1-Jan-2030"               | rules do not depend on time
            salience expression    | salience ($a.getPromptingScore())         | salience must be a whole number
            mvel dialect           | dialect "mvel"                            | MVEL dialect is not allowed
            """)
    void attributesThatBringTimeOrCodeAreRefused(String what, String attribute, String named) {
        RuleFile file = new RuleFile("attributes.drl", HEADER + """
                rule "with-attribute"
                    %s
                when
                    $a : Assessment()
                then
                    $a.because("x");
                end
                """.formatted(attribute));
        List<RuleProblem> findings = RuleSafetyCheck.check(List.of(file), Declarations.LEGACY);
        assertTrue(findings.stream().anyMatch(f -> f.message().contains(named)), what + ": " + findings);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            eval                  | eval(Runtime.getRuntime() != null)                               | 'eval' is not allowed
            from expression       | UseCase() from java.lang.Runtime.getRuntime().exec("x")           | 'from'
            accumulate            | Number() from accumulate(UseCase($v : dailyRequestVolume), sum($v)) | patterns match the facts
            method in constraint  | UseCase( name == Runtime.getRuntime().toString() )               | type 'Runtime' is not allowed
            class in constraint   | UseCase( name.class != null )                                    | class literals
            regex in constraint   | UseCase( name matches "(a+)+$" )                                 | the operator 'matches' is not allowed
            foreign pattern type  | Runtime()                                                        | patterns match the facts
            unknown property      | UseCase( secret == 1 )                                           | 'secret' is not known here
            entry point           | UseCase() from entry-point "side-door"                           | 'from'
            """)
    void conditionsOutsideTheVocabularyAreRefused(String what, String condition, String named) {
        RuleFile file = new RuleFile("conditions.drl", HEADER + """
                rule "with-condition"
                when
                    %s
                    $a : Assessment()
                then
                    $a.because("x");
                end
                """.formatted(condition));
        List<RuleProblem> findings = RuleSafetyCheck.check(List.of(file), Declarations.LEGACY);
        assertTrue(findings.stream().anyMatch(f -> f.message().contains(named) && f.line() == 7), what + ": " + findings);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            import of io           | import java.io.File;                                 | import of 'java.io.File' is not allowed
            import of System       | import java.lang.System;                             | import of 'java.lang.System' is not allowed
            wildcard import        | import java.util.*;                                  | import of 'java.util.*' is not allowed
            function import        | import function java.lang.System.exit;               | 'import function' is not allowed
            global                 | global java.util.List leaks;                         | globals are not allowed
            event role             | declare Tick @role(event) end                        | annotations (such as event roles)
            text field             | declare Piece text : String end                      | fields of declared types may be
            function shadowing     | function String string() { return ""; }              | Drools names the function's class after it
            engine helper name     | function int update(int x) { return x; }             | a name the engine rewrites
            """)
    void packageLevelDeclarationsOutsideTheVocabularyAreRefused(String what, String declaration, String named) {
        RuleFile file = new RuleFile("package.drl", "package aigov.attack;\n" + declaration + "\n");
        List<RuleProblem> findings = RuleSafetyCheck.check(List.of(file), Declarations.LEGACY);
        assertTrue(findings.stream().anyMatch(f -> f.message().contains(named) && f.line() == 2), what + ": " + findings);
    }

    @Test
    void rulesLiveInTheirOwnPackages() {
        for (String name : List.of("io.aigov.evaluation.model", "java.lang", "org.drools.core", "approach")) {
            List<RuleProblem> findings = RuleSafetyCheck.check(List.of(new RuleFile("p.drl", "package " + name + ";\n")), Declarations.LEGACY);
            assertTrue(findings.stream().anyMatch(f -> f.message().contains("rule packages are 'aigov'")), name + ": " + findings);
        }
    }

    @Test
    void onlyTheAssessmentChangesAndOnlyThroughItsDecisionMethods() {
        List<RuleProblem> findings = RuleSafetyCheck.check(List.of(new RuleFile("modify.drl", HEADER + """
                rule "modify-input"
                when
                    $u : UseCase()
                    $a : Assessment()
                then
                    modify($u) { name() }
                    modify($a) { drainReasons() }
                    modify($a) { because("fine"), getClass() }
                end
                """)), Declarations.LEGACY);
        assertEquals(3, findings.size(), findings.toString());
        assertTrue(findings.get(0).message().contains("modify is only allowed on the assessment") && findings.get(0).line() == 10,
                findings.toString());
        assertTrue(findings.get(1).message().contains("decision methods") && findings.get(1).line() == 11
                && findings.get(1).column() == 18, findings.toString());
        assertTrue(findings.get(2).message().contains("decision methods") && findings.get(2).line() == 12
                && findings.get(2).column() == 35, findings.toString());
    }

    @Test
    void theVocabularyARuleAuthorNeedsIsAllowed() {
        assertEquals(List.of(), RuleSafetyCheck.check(List.of(VOCABULARY), Declarations.LEGACY));
    }

    @Test
    void whatTheCheckAllowsCompilesAndDecides() {
        List<RuleFile> files = new ArrayList<>(RulesetSource.fromDirectory(Path.of("rules")));
        files.add(VOCABULARY);
        Ruleset ruleset = RulesetCompiler.compile(files, "test");
        UseCase recruitment = new UseCase("Screening", null, 60_000L, Consistency.STRICT, 5_000L, 12.0, 8.0, 1_000L,
                Vocabulary.STANDARD, false, false, Domain.EMPLOYMENT, true, true, false, Set.of(), false, false, null, null);
        Decision decision = DecisionEngine.evaluate(ruleset, recruitment, LocalDate.of(2026, 11, 28),
                new EvaluationLimits(10_000, Duration.ofSeconds(10)));
        List<String> fired = decision.firedRules().stream().map(FiredRule::name).toList();
        assertTrue(fired.containsAll(List.of("flag-a-concern", "use-the-concern")), fired.toString());
        assertTrue(decision.warnings().contains("a, b on 2026-11-28"), decision.warnings().toString());
    }

    @Test
    void aConstraintNameThatIsBothAPropertyAndAFunctionIsRefused() {
        List<RuleProblem> findings = RuleSafetyCheck.check(List.of(new RuleFile("ambiguous.drl", HEADER + """
                function boolean agentic() {
                    return true;
                }
                rule "ambiguous"
                when
                    UseCase( agentic == false )
                    $a : Assessment()
                then
                    $a.because("x");
                end
                """)), Declarations.LEGACY);
        assertEquals(1, findings.size(), findings.toString());
        assertTrue(findings.get(0).message().contains("both a property of UseCase and a function") && findings.get(0).line() == 10,
                findings.toString());
    }

    @Test
    void codeNestedDeeperThanTheParsersGoIsRefusedNotACrash() {
        String nested = "(".repeat(50_000) + "1" + ")".repeat(50_000);
        List<RuleProblem> findings = RuleSafetyCheck.check(List.of(rule("$a.favourPrompting(" + nested + ", \"deep\");")), Declarations.LEGACY);
        assertEquals(1, findings.size(), findings.toString());
        assertTrue(findings.get(0).message().contains("nested too deeply"), findings.toString());
    }

    @Test
    void syntaxErrorsAreReportedWithTheParsersLineAndColumnAndNothingElseOfTheFileIsChecked() {
        RuleFile broken = new RuleFile("broken.drl", HEADER + """
                rule "broken"
                when
                    $a : Assessment( fineTuningViable == , approach == null )
                then
                    System.exit(0);
                end
                """);
        RuleSafetyCheck.Outcome outcome = RuleSafetyCheck.examine(List.of(broken, rule("$a.because(\"fine\");")), Declarations.LEGACY);
        assertEquals(List.of(), outcome.findings());
        assertFalse(outcome.syntaxErrors().isEmpty());
        RuleProblem error = outcome.syntaxErrors().get(0);
        assertEquals("broken.drl", error.file());
        assertEquals(7, error.line());
        assertTrue(error.column() > 1 && error.message().contains(":" + (error.column() - 1)), error.toString());
    }

    private static RuleFile rule(String consequence) {
        return new RuleFile("attack.drl", HEADER + """
                rule "attack"
                when
                    $u : UseCase()
                    $a : Assessment()
                then
                    %s
                end
                """.formatted(consequence));
    }
}
