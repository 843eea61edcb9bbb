package io.aigov.decision.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.aigov.decision.model.Declarations;
import io.aigov.decision.rulefile.RuleFile;
import io.aigov.decision.rulefile.RuleProblem;

/**
 * The safety check runs inside the service, so it must stay bounded whatever a candidate holds: it
 * goes through each function once however it is called, locates findings without reading the file
 * from the top for each, keeps a report of any candidate small, gives every check its own parsers,
 * and refuses text that the audit trail could not keep. Each case is an attack on the check itself.
 */
class SafetyCheckBoundsTest {

    /**
     * Far above what the check takes on any of these candidates (seconds; 25 s on two cores busy with
     * seven times as much other work), below what they took before (minutes).
     */
    private static final Duration GENEROUS = Duration.ofSeconds(120);

    private static final String HEADER = """
            package aigov.attack;
            import io.aigov.decision.model.*;

            """;

    /**
     * Each function calls the next twice with arguments whose lengths differ on every path (the
     * pairs of the Calkin-Wilf tree, all short enough to pass): working out what a function builds
     * once per set of argument lengths went through 2^22 bodies and kept a core busy for minutes.
     */
    @Test
    void aChainOfFunctionsCalledWithEverDifferentLengthsIsCheckedAtOnce() {
        int levels = 22;
        StringBuilder functions = new StringBuilder("function String f0(String a, String b) {\n    return \"\";\n}\n");
        for (int level = 1; level <= levels; level++) {
            functions.append("function String f%d(String a, String b) {\n    return f%d(a + b, b) + f%d(a, a + b);\n}\n"
                    .formatted(level, level - 1, level - 1));
        }
        functions.append("function String start() {\n    return f%d(\"x\", \"yy\");\n}\n".formatted(levels));
        RuleFile file = new RuleFile("chain.drl", HEADER + functions + rule("$a.because(\"fine\");"));

        List<RuleProblem> findings = assertTimeoutPreemptively(GENEROUS, () -> RuleSafetyCheck.check(List.of(file), Declarations.LEGACY));

        assertTrue(findings.stream().anyMatch(f -> f.message().contains("function f" + levels + " fails")
                && f.message().contains("could grow to")), findings.toString());
    }

    /** A function that builds little from what it is given passes, however many levels deep it is called. */
    @Test
    void aDeepChainThatBuildsLittlePasses() {
        StringBuilder functions = new StringBuilder("function String g0(String a) {\n    return a;\n}\n");
        for (int level = 1; level <= 30; level++) {
            functions.append("function String g%d(String a) {\n    return g%d(a + \".\");\n}\n".formatted(level, level - 1));
        }
        List<RuleProblem> findings = RuleSafetyCheck.check(List.of(new RuleFile("deep.drl",
                HEADER + functions + rule("$a.because(g30($u.name()));"))), Declarations.LEGACY);
        assertEquals(List.of(), findings);
    }

    /** A function whose text grows only with long arguments passes with short ones and is refused with long ones. */
    @Test
    void whatAFunctionBuildsIsBoundedByWhatItIsGiven() {
        String fourTimes = "function String fourTimes(String a) {\n    return a + a + a + a;\n}\n";
        assertEquals(List.of(), RuleSafetyCheck.check(List.of(new RuleFile("short.drl",
                HEADER + fourTimes + rule("$a.because(fourTimes(fourTimes(\"ab\")));"))), Declarations.LEGACY));
        List<RuleProblem> findings = RuleSafetyCheck.check(List.of(new RuleFile("long.drl",
                HEADER + fourTimes + rule("$a.because(fourTimes(fourTimes(fourTimes($u.description()))));"))), Declarations.LEGACY);
        assertTrue(findings.stream().anyMatch(f -> f.message().contains("could grow to 160000 characters")), findings.toString());
    }

    /**
     * 110,000 refused statements in one consequence: each finding's line was found by reading the
     * file from the top, and every one was kept, logged and stored (a 26 MB log line, an 18 MB
     * stored rejection). The first hundred are kept with their lines, then a count.
     */
    @Test
    void aCandidateRefusedManyTimesOverGetsAShortReportWithItsLines() {
        int statements = 110_000;
        RuleFile file = new RuleFile("many.drl", HEADER + rule("x();\n".repeat(statements)));
        int firstLine = (int) (HEADER + rule("")).lines().takeWhile(line -> !line.equals("then")).count() + 2;

        List<RuleProblem> findings = assertTimeoutPreemptively(GENEROUS, () -> RuleSafetyCheck.check(List.of(file), Declarations.LEGACY));

        assertEquals(Examination.MAX_KEPT + 1, findings.size());
        for (int i = 0; i < Examination.MAX_KEPT; i++) {
            assertEquals(firstLine + i, findings.get(i).line(), findings.get(i).toString());
            assertTrue(findings.get(i).message().contains("'x(...)' is not a function"), findings.get(i).toString());
        }
        assertTrue(findings.get(Examination.MAX_KEPT).message().contains((statements - Examination.MAX_KEPT) + " more findings"),
                findings.get(Examination.MAX_KEPT).toString());
    }

    /**
     * Sixty checks at once, each of its own candidate: one Java parser shared by all gave 500s and
     * other candidates' findings, and let refused code through.
     */
    @Test
    void checksAtTheSameTimeEachGetTheirOwnFindings() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(60);
        try {
            List<Future<List<RuleProblem>>> checks = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                RuleFile file = new RuleFile("c" + i + ".drl", HEADER.replace("aigov.attack", "aigov.attack" + i)
                        + rule("$a.because(\"fine\");\n$a.favourPrompting(Math.random() + " + i + ", \"dice\");\nunknown" + i + "();"));
                Callable<List<RuleProblem>> check = () -> RuleSafetyCheck.check(List.of(file), Declarations.LEGACY);
                checks.add(threads.submit(check));
            }
            for (int i = 0; i < 60; i++) {
                List<RuleProblem> findings = checks.get(i).get();
                String expected = "c" + i + ".drl";
                String unknown = "'unknown" + i + "(...)'";
                assertEquals(2, findings.size(), findings.toString());
                assertTrue(findings.stream().allMatch(f -> f.file().equals(expected)), findings.toString());
                assertTrue(findings.stream().anyMatch(f -> f.message().contains("Math.random")), findings.toString());
                assertTrue(findings.stream().anyMatch(f -> f.message().contains(unknown)), findings.toString());
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * Java escapes that write characters the audit trail cannot keep: "\0" once passed the check and
     * the golden cases, and once approved, PostgreSQL refused every evaluation's record.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            NUL in a reason           | $a.because("in \\0 out");                | U+0000 (a control character)
            backspace in a warning    | $a.warn("over\\bwritten");              | U+0008 (a control character)
            octal escape to C1        | $a.warn("next \\205 line");             | U+0085 (a control character)
            NUL as a character        | $a.because("nul " + '\\0');              | U+0000 (a control character)
            """)
    void escapesThatWriteUnrecordableCharactersAreRefusedWhereTheyAre(String attack, String consequence, String named) {
        String content = HEADER + rule(consequence);
        List<RuleProblem> findings = RuleSafetyCheck.check(List.of(new RuleFile("text.drl", content)), Declarations.LEGACY);
        assertEquals(1, findings.size(), attack + ": " + findings);
        assertTrue(findings.get(0).message().contains(named), findings.toString());
        int line = (int) content.lines().takeWhile(text -> !text.contains(consequence.strip())).count() + 1;
        assertEquals(line, findings.get(0).line(), findings.toString());
    }

    /**
     * Bidirectional formatting characters make a reviewer read other code than what compiles
     * ("Trojan Source"); every rule file refuses them, with where they are.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            right-to-left override in a rule file | rules.drl        | 202E
            first-strong isolate in a rule file   | rules.drl        | 2068
            right-to-left mark in a pack          | pack.properties  | 200F
            left-to-right override in a case      | tests/case.json  | 202D
            """)
    void bidirectionalFormattingIsRefusedInEveryRuleFile(String attack, String name, String codePoint) {
        char bidi = (char) Integer.parseInt(codePoint, 16);
        String content = "package aigov.attack;\n\n// line three " + bidi + " hides what follows\n";
        List<RuleProblem> findings = RuleSafetyCheck.check(List.of(new RuleFile(name, content)), Declarations.LEGACY);
        assertEquals(List.of(new RuleProblem(name, 3, 15, "U+" + codePoint + " (a bidirectional formatting character) is not"
                + " allowed in rule files: they hold no control characters but tab, line feed and carriage return, and no"
                + " bidirectional formatting characters, which make code read differently from what it does")), findings, attack);
    }

    private static String rule(String consequence) {
        return """
                rule "attack"
                when
                    $u : UseCase()
                    $a : Assessment()
                then
                %s
                end
                """.formatted(consequence);
    }
}
