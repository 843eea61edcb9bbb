package io.aigov.ruleset.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.aigov.ruleset.RuleFile;
import io.aigov.ruleset.RuleProblem;
import io.aigov.ruleset.RulesetSource;

class RuleSafetyCheckTest {

    private static final String HEADER = """
            package aigov.attack;
            import io.aigov.evaluation.model.Assessment;
            import io.aigov.evaluation.model.UseCase;
            """;

    @Test
    void theShippedRulesPass() {
        assertEquals(List.of(), RuleSafetyCheck.check(RulesetSource.fromDirectory(Path.of("rules"))));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            System.exit                 | System.exit(0);                                           | System
            Runtime.exec                | Runtime.getRuntime().exec("rm -rf /");                    | Runtime
            ProcessBuilder              | new ProcessBuilder("sh").start();                         | ProcessBuilder
            Thread                      | new Thread(() -> {}).start();                             | Thread
            Thread.sleep                | Thread.sleep(100000);                                     | Thread
            Class.forName               | Class.forName("java.lang.System");                        | Class
            getClass reflection         | $a.getClass().getMethod("x").invoke($a);                  | getClass
            class literal               | Object o = String.class;                                  | .class
            fully qualified System      | java.lang.System.exit(0);                                 | fully qualified
            fully qualified io          | new java.io.File("/etc/passwd").delete();                 | fully qualified
            nio Files                   | Files.delete(null);                                       | Files
            network                     | new Socket("localhost", 80);                              | Socket
            engine access               | drools.getKieRuntime().halt();                            | drools
            rule context                | kcontext.getKieRuntime();                                 | kcontext
            endless loop                | while (true) { }                                          | while
            for loop                    | for (;;) { }                                              | for
            system properties           | Integer.getInteger("x");                                  | getInteger
            unknown type                | StringJoiner j = null;                                    | StringJoiner
            """)
    void aConsequenceReachingOutsideTheFactModelIsRefused(String attack, String consequence, String named) {
        List<RuleProblem> findings = RuleSafetyCheck.check(List.of(rule(consequence)));
        assertFalse(findings.isEmpty(), attack + " was not refused");
        assertTrue(findings.stream().anyMatch(f -> f.message().contains(named) && f.file().equals("attack.drl") && f.line() == 8),
                findings.toString());
    }

    @Test
    void forbiddenImportsAreRefused() {
        for (String imported : List.of("import java.io.File;", "import java.lang.System;", "import java.util.*;",
                "import static java.lang.System.exit;", "import function java.lang.System.exit;",
                "import java.lang.reflect.Method;", "import java.net.URL;")) {
            RuleFile file = new RuleFile("imports.drl", "package aigov.attack;\n" + imported + "\n");
            List<RuleProblem> findings = RuleSafetyCheck.check(List.of(file));
            assertFalse(findings.isEmpty(), imported + " was not refused");
            assertEquals(2, findings.get(0).line(), findings.toString());
        }
    }

    @Test
    void unicodeEscapesThatCouldHideANameAreRefused() {
        List<RuleProblem> findings = RuleSafetyCheck.check(List.of(rule("\\u0053ystem.exit(0);")));
        assertTrue(findings.stream().anyMatch(f -> f.message().contains("unicode escapes")), findings.toString());
    }

    @Test
    void theMvelDialectIsRefused() {
        RuleFile file = new RuleFile("mvel.drl", HEADER + "dialect \"mvel\"\n");
        assertTrue(RuleSafetyCheck.check(List.of(file)).stream().anyMatch(f -> f.message().contains("MVEL")));
    }

    @Test
    void forbiddenNamesInsideStringsAndCommentsAreOnlyText() {
        RuleFile file = rule("$a.because(\"System.exit is mentioned, not called\"); // Runtime too\n/* Thread */");
        assertEquals(List.of(), RuleSafetyCheck.check(List.of(file)));
    }

    @Test
    void typesDeclaredInTheRulesAndSafeLibraryTypesAreAllowed() {
        List<RuleFile> files = new ArrayList<>();
        files.add(new RuleFile("declared.drl", HEADER + """
                import java.util.List;
                declare Marker
                    level : int
                end
                rule "uses-declared"
                when
                    $a : Assessment()
                then
                    List<String> names = new java.util.ArrayList<>();
                end
                """));
        List<RuleProblem> findings = RuleSafetyCheck.check(files);
        assertEquals(1, findings.size(), findings.toString());
        assertTrue(findings.get(0).message().contains("fully qualified"));
    }

    private static RuleFile rule(String consequence) {
        return new RuleFile("attack.drl", HEADER + """
                rule "attack"
                when
                    $a : Assessment()
                then
                %s
                end
                """.formatted(consequence));
    }
}
