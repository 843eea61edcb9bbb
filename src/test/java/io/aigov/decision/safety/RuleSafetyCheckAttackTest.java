package io.aigov.decision.safety;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.aigov.decision.model.Declarations;
import io.aigov.decision.rulefile.RuleFile;
import io.aigov.decision.rulefile.RuleProblem;

/**
 * Rule code that the safety check once let through although, compiled and run, it broke what the
 * check promises: the same decision for the same input, and an evaluation bounded by the engine's
 * limits. Each attack is described by what it did when it passed.
 */
class RuleSafetyCheckAttackTest {

    private static final String HEADER = """
            package aigov.attack;
            import io.aigov.decision.model.*;
            import java.util.List;
            import java.util.Set;

            declare Marker
                n : int
            end

            """;

    /**
     * Consequences that compiled and put text into a decision that differs from one JVM to the next
     * (identity hash codes, the iteration order of Set.of), or that allocated without bound.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            conditional typed as its first branch    | $a.warn("" + (false ? "x" : $a));                                      | both branches of '?:'
            conditional with a set                   | $a.warn("" + (false ? "x" : Set.of("a", "b", "c")));                   | both branches of '?:'
            conditional as a receiver                | $a.warn((false ? "x" : $a).toString());                                | both branches of '?:'
            conditional in var                       | var mixed = false ? "x" : $a; $a.warn("" + mixed);                     | both branches of '?:'
            insert as a value prints its handle      | $a.warn("handle " + insert(new Marker(1)));                            | statement of its own
            insert handle through valueOf            | $a.warn(String.valueOf(insert(new Marker(1))));                         | statement of its own
            insert handle kept in a variable         | var handle = insert(new Marker(1)); $a.warn("" + handle);              | statement of its own
            hash code of an enum by format           | $a.warn(String.format("%h", Domain.EMPLOYMENT));                       | conversion %h
            upper-case hash code by format           | $a.warn(String.format("%H", Regime.SOX));                              | conversion %H
            line separator by format                 | $a.warn(String.format("a%nb"));                                        | conversion %n
            format width written in octal escapes    | $a.warn(String.format("%\\061\\060\\060\\060\\060\\060\\060\\060\\060d", 1)); | format widths
            format precision written in octal        | $a.warn(String.format("%.\\061\\060\\060\\060\\060\\060f", 1.0));      | format widths
            """)
    void consequencesWhoseTextOrSizeTheCheckMisjudgedAreRefused(String attack, String consequence, String named) {
        assertRefused(attack, file(rule(consequence)), named);
    }

    /** Hours of the day (%tH) are a date conversion, not a hash code: the check must tell them apart. */
    @Test
    void dateConversionsSharingALetterWithRefusedOnesStayAllowed() {
        assertTrue(RuleSafetyCheck.check(List.of(file(rule("$a.warn(String.format(\"%tY %s\", $d.date(), \"x\"));"))), Declarations.LEGACY).isEmpty());
    }

    /**
     * A decision method called from a condition ran whenever the engine evaluated the condition,
     * before or without the rule firing: it added 100 to the prompting score and put its reason into
     * whichever rule fired next.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            on a bound assessment        | $a : Assessment()    UseCase( $a.favourPrompting(100, "sneaky") == null )
            on the pattern's assessment  | Assessment( because("sneaky") == null )
            """)
    void conditionsCannotChangeTheAssessment(String attack, String conditions) {
        assertRefused(attack, file("""
                rule "side-effect"
                when
                    %s
                    $b : Assessment()
                then
                    $b.warn("x");
                end
                """.formatted(conditions)), "changes the assessment");
    }

    @Test
    void functionsCannotChangeTheAssessment() {
        assertRefused("function with a side effect", file("""
                function boolean nudge(Assessment a) {
                    a.favourPrompting(100, "sneaky");
                    return true;
                }
                """), "changes the assessment");
    }

    /**
     * Each branch of an 'or' may bind the same name, and Drools compiles the consequence for each:
     * the check typed the name by the first branch (text) while the second bound a Set, whose
     * text ("[f, e, d, ...]") follows an iteration order that changes between JVM runs.
     */
    @Test
    void aNameBoundToDifferentTypesInTheBranchesOfAnOrIsRefused() {
        assertRefused("rebinding in an or", file("""
                rule "rebind"
                when
                    $a : Assessment()
                    ( UseCase( $x : name ) or EvaluationDate( $x : Set.of("a", "b", "c", "d", "e", "f") ) )
                then
                    $a.warn("value " + $x);
                end
                """), "bound twice to different types");
    }

    /** Drools binds only the first operand of '1 + 2', while the check typed the whole expression. */
    @Test
    void aBindingToAnExpressionWithOperatorsIsRefused() {
        assertRefused("binding an expression", file("""
                rule "bind-sum"
                when
                    UseCase( $s : dailyRequestVolume + 1 )
                    $a : Assessment()
                then
                    $a.warn("" + $s);
                end
                """), "may be bound to a property or a method call");
        assertTrue(RuleSafetyCheck.check(List.of(file("""
                rule "bind-call"
                when
                    $t : Thresholds()
                    UseCase( $v : dailyRequestVolume, $n : name.strip(), $m : $t.number("volume.prompting.max") )
                    $a : Assessment()
                then
                    $a.warn($n + " " + $v + " " + $m);
                end
                """)), Declarations.LEGACY).isEmpty());
    }

    /** 22 such groups made the compiler build 2^22 rules and run out of heap after a minute of work. */
    @Test
    void orsThatMultiplyIntoMillionsOfRulesAreRefused() {
        String groups = "    ( UseCase() or UseCase() )\n".repeat(22);
        assertRefused("or explosion", file("""
                rule "or-bomb"
                when
                %s    $a : Assessment()
                then
                    $a.warn("x");
                end
                """.formatted(groups)), "combinations of branches");
    }

    /**
     * One rule inserted 1,500 facts and another joined three patterns over them: 3.4 billion matches.
     * Within the 2 s deadline the evaluation filled a 1 GB heap.
     */
    @Test
    void joinsOfDeclaredFactsAreRefused() {
        assertRefused("cross product", file("""
                rule "seed"
                when
                    UseCase()
                then
                    insert(new Marker(1));
                    insert(new Marker(2));
                end
                rule "cross"
                when
                    Marker( $x : n )
                    Marker( $y : n )
                    $a : Assessment()
                then
                    $a.because("pair");
                end
                """), "at most 1 pattern of a type declared in the rules");
    }

    /**
     * Text that doubles without a loop: each statement, call or firing copies what the one before
     * built. 26 doublings of an 11-character description threw OutOfMemoryError (1 GB heap) in under
     * a second; the warnings read back on every firing held the evaluation past its deadline. The
     * check bounds the text every expression can build (a description is at most 10,000 characters)
     * and refuses what could pass 100,000.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            a variable added to itself     | String s = $u.description(); s = s + s; s = s + s; s = s + s; s = s + s; s = s + s; $a.warn(s);
            added to itself with +=        | String s = $u.description(); s += s; s += s; s += s; s += s; s += s; $a.warn(s);
            a copy added to the original   | String s = $u.description(); String c = s + s; String d = c + c; String e = d + d; String f = e + e; $a.warn(f);
            a format repeating an argument | String s = $u.description(); s = String.format("%1$s%1$s", s); s = String.format("%1$s%<s", s); s = String.format("%s%1$s", s); s = String.format("%1$s%1$s", s); $a.warn(s);
            a join separator               | String s = $u.description(); s = String.join(s, "", "", ""); s = String.join(s, "", "", ""); s = String.join(s, "", "", ""); $a.warn(s);
            a doubling in one branch       | String s = $u.description(); if ($u.agentic()) { s = s + s + s + s; } else { s = "short"; } s = s + s + s; $a.warn(s);
            the warnings read back         | $a.warn(String.join("", $a.getWarnings()));
            """)
    void textThatDoublesWithoutALoopIsRefused(String attack, String consequence) {
        assertRefused(attack, file(rule(consequence)), "could grow to");
    }

    @Test
    void textBuiltFromTheInputWithinTheLimitIsAllowed() {
        assertTrue(RuleSafetyCheck.check(List.of(file(rule(
                "String s = $u.description(); s = s + \" / \" + $u.name(); $a.because(String.format(\"%s, %s\", s, $u.name()));"))), Declarations.LEGACY)
                .isEmpty());
    }

    @Test
    void aFunctionThatDoublesItsArgumentIsRefusedWhereItIsCalledWithLongText() {
        List<RuleProblem> findings = RuleSafetyCheck.check(List.of(file("""
                function String twice(String text) {
                    return text + text;
                }
                """ + rule("$a.warn(twice(twice(twice(twice($u.description())))));"))), Declarations.LEGACY);
        assertTrue(findings.stream().anyMatch(f -> f.message().contains("function twice fails") && f.message().contains("could grow to")),
                findings.toString());
        assertTrue(RuleSafetyCheck.check(List.of(file("""
                function String twice(String text) {
                    return text + text;
                }
                """ + rule("$a.warn(twice(twice($u.name())));"))), Declarations.LEGACY).isEmpty(), "short text may be doubled");
    }

    @Test
    void functionsWhoseCallsDoubleAtEveryLevelAreRefused() {
        StringBuilder functions = new StringBuilder("function String t0() {\n    return \"xx\";\n}\n");
        for (int level = 1; level <= 26; level++) {
            functions.append("function String t%d() {\n    return t%d() + t%d();\n}\n".formatted(level, level - 1, level - 1));
        }
        List<RuleProblem> findings = RuleSafetyCheck.check(List.of(file(functions + rule("$a.warn(t26());"))), Declarations.LEGACY);
        assertTrue(findings.stream().anyMatch(f -> f.message().contains("function t9 makes more than 1000 function calls")),
                "2^26 calls building 2^27 characters were not refused: " + findings);
        assertTrue(findings.stream().noneMatch(f -> f.message().contains("function t10 makes")), "one finding for the chain");
        assertTrue(findings.stream().anyMatch(f -> f.message().contains("could grow to")), findings.toString());
    }

    private static String rule(String consequence) {
        return """
                rule "attack"
                when
                    $u : UseCase()
                    $t : Thresholds()
                    $d : EvaluationDate()
                    $a : Assessment()
                then
                    %s
                end
                """.formatted(consequence);
    }

    private static RuleFile file(String body) {
        return new RuleFile("attack.drl", HEADER + body);
    }

    private static void assertRefused(String attack, RuleFile file, String named) {
        List<RuleProblem> findings = RuleSafetyCheck.check(List.of(file), Declarations.LEGACY);
        assertTrue(findings.stream().anyMatch(f -> f.message().contains(named)), attack + " was not refused for '" + named
                + "': " + findings);
    }
}
