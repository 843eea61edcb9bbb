package io.aigov.decision.ruleset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.aigov.decision.engine.EvaluationLimits;
import io.aigov.decision.golden.GoldenCaseResult;
import io.aigov.decision.golden.GoldenCaseRun;
import io.aigov.decision.rulefile.RuleFile;

class CompiledRulesTest {

    private static final RulesetCandidate SHIPPED = RulesetCandidate.fromDirectory(Path.of("rules"));
    private static final Ruleset COMPILED = RulesetCompiler.compile(SHIPPED.rules(), "rules");
    private static final byte[] FORM = CompiledRules.write(COMPILED);
    private static final EvaluationLimits LIMITS = new EvaluationLimits(10_000, Duration.ofSeconds(10));

    @Test
    void theRulesReadBackDecideEveryGoldenCaseAsTheCompiledOnesDo() {
        Ruleset read = CompiledRules.read(FORM, SHIPPED.rules(), "stored").orElseThrow();

        assertNotSame(COMPILED.kieBase(), read.kieBase());
        assertEquals(COMPILED.version(), read.version());
        assertEquals(COMPILED.ruleFiles(), read.ruleFiles());
        assertEquals(COMPILED.thresholds().number("volume.fineTuning.min"), read.thresholds().number("volume.fineTuning.min"));
        List<GoldenCaseResult> compiled = GoldenCaseRun.run(COMPILED, SHIPPED.goldenCases(), LIMITS);
        List<GoldenCaseResult> fromForm = GoldenCaseRun.run(read, SHIPPED.goldenCases(), LIMITS);
        assertEquals(SHIPPED.goldenCases().size(), fromForm.size());
        assertTrue(fromForm.stream().allMatch(GoldenCaseResult::passed), fromForm::toString);
        assertEquals(compiled, fromForm);
    }

    @Test
    void otherThresholdsServeFromTheSameFormAndOtherRulesDoNot() {
        List<RuleFile> thresholds = replace("thresholds.properties", "volume.fineTuning.min = 50000", "volume.fineTuning.min = 40000");
        Ruleset read = CompiledRules.read(FORM, thresholds, "stored").orElseThrow();
        assertEquals(40_000, read.thresholds().number("volume.fineTuning.min"));
        assertEquals(RulesetVersion.of(thresholds), read.version());
        assertEquals(CompiledRules.key(SHIPPED.rules()), CompiledRules.key(thresholds));

        List<RuleFile> comment = replace("verdict.drl", "package ", "// edited\npackage ");
        assertTrue(CompiledRules.read(FORM, comment, "stored").isEmpty());
        assertTrue(!CompiledRules.key(SHIPPED.rules()).equals(CompiledRules.key(comment)));
    }

    @Test
    void aFormWrittenByAnotherBuildOfTheServiceIsNotRead() {
        // The form's header: its key, then the digest of the build that wrote it (64 hex digits after a 2-byte length).
        byte[] otherBuild = FORM.clone();
        int key = indexOf(otherBuild, CompiledRules.key(SHIPPED.rules()).getBytes(StandardCharsets.UTF_8));
        assertTrue(key >= 0);
        int build = key + CompiledRules.key(SHIPPED.rules()).length() + 2;
        otherBuild[build] = (byte) (otherBuild[build] == '0' ? '1' : '0');

        assertTrue(CompiledRules.read(otherBuild, SHIPPED.rules(), "stored").isEmpty());
        assertTrue(CompiledRules.read(FORM.clone(), SHIPPED.rules(), "stored").isPresent());
    }

    @Test
    void bytesThatAreNoFormAreNotRead() {
        assertTrue(CompiledRules.read("not a form".getBytes(StandardCharsets.UTF_8), SHIPPED.rules(), "stored").isEmpty());
        assertTrue(CompiledRules.read(java.util.Arrays.copyOf(FORM, FORM.length / 2), SHIPPED.rules(), "stored").isEmpty());
    }

    @Test
    void rulesTheSafetyCheckRefusesAreNeverServedFromAFormOfOtherRules() {
        List<RuleFile> hostile = replace("verdict.drl", "\nend", "\n    System.exit(1);\nend");
        assertThrows(InvalidRulesetException.class, () -> RulesetCompiler.compile(hostile, "hostile"));
        assertTrue(CompiledRules.read(FORM, hostile, "stored").isEmpty());
    }

    private static List<RuleFile> replace(String file, String from, String to) {
        List<RuleFile> files = new ArrayList<>();
        for (RuleFile rule : SHIPPED.rules()) {
            files.add(rule.name().equals(file) ? new RuleFile(rule.name(), rule.content().replaceFirst(java.util.regex.Pattern.quote(from),
                    java.util.regex.Matcher.quoteReplacement(to))) : rule);
        }
        return files;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
