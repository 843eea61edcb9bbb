package io.aigov.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.aigov.decision.engine.Decision;
import io.aigov.decision.engine.DecisionEngine;
import io.aigov.decision.engine.EvaluationLimits;
import io.aigov.decision.golden.GoldenCase;
import io.aigov.decision.golden.GoldenCaseRun;
import io.aigov.decision.rulefile.RuleFile;
import io.aigov.decision.ruleset.Ruleset;
import io.aigov.decision.ruleset.RulesetCompiler;
import io.aigov.decision.ruleset.RulesetSource;

/** A rule author's commands on the repository's rules folder, without the service or a database. */
class RulesCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static final Path RULES = Path.of("rules");

    @TempDir
    Path work;

    private record Run(int exit, String out, String err) {
    }

    @Test
    void testPassesTheRepositorysRulesAndWritesJunitXml() throws Exception {
        Path report = work.resolve("reports/rules.xml");
        Run run = run("test", RULES.toString(), "--junit", report.toString());
        assertEquals(RulesCommands.OK, run.exit(), run.toString());
        assertTrue(run.out().contains("safety check: passed") && run.out().contains("golden cases: passed") && run.out().endsWith("OK\n"),
                run.out());

        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile());
        NodeList suites = xml.getElementsByTagName("testsuite");
        assertEquals(3, suites.getLength(), "safety check, compilation, golden cases");
        Element golden = (Element) suites.item(2);
        assertEquals("golden cases", golden.getAttribute("name"));
        assertEquals(String.valueOf(RulesetSource.goldenCasesFromDirectory(RULES).size()), golden.getAttribute("tests"));
        assertEquals("0", golden.getAttribute("failures"));
        assertEquals(0, xml.getElementsByTagName("failure").getLength());
    }

    @Test
    void aBrokenRuleFailsTheTestWithItsFileAndLine() throws Exception {
        Path broken = copyOfRules();
        Path decision = broken.resolve("approach-decision.drl");
        Files.writeString(decision, Files.readString(decision).replace("$a : Assessment( fineTuningViable == false, approach == null )",
                "$a : Assessment( fineTuningViable == , approach == null )"));
        Path report = work.resolve("broken.xml");

        Run run = run("test", broken.toString(), "--junit", report.toString());
        assertEquals(RulesCommands.FAILED, run.exit(), run.toString());
        assertTrue(run.out().contains(decision + ":42:"), run.out());
        assertTrue(run.out().contains("golden cases: not run") && run.out().endsWith("FAILED\n"), run.out());
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile());
        Element failure = (Element) xml.getElementsByTagName("failure").item(0);
        assertTrue(failure.getAttribute("message").contains("approach-decision.drl:42:"), failure.getAttribute("message"));
        assertEquals("approach-decision.drl", ((Element) failure.getParentNode()).getAttribute("name"));
    }

    @Test
    void aFailingGoldenCaseFailsTheTestSayingExpectedVersusActual() throws Exception {
        Path rules = copyOfRules();
        Path golden = rules.resolve("tests/medical-coding.json");
        Files.writeString(golden, Files.readString(golden).replace("\"verdict\": \"BOARD_REVIEW\"", "\"verdict\": \"ALLOWED\""));

        Run run = run("test", rules.toString());
        assertEquals(RulesCommands.FAILED, run.exit(), run.toString());
        assertTrue(run.out().contains("golden cases: 1 of"), run.out());
        assertTrue(run.out().contains("tests/medical-coding.json: verdict: expected ALLOWED, actual BOARD_REVIEW"), run.out());
    }

    @Test
    void evaluatePrintsTheDecisionWithEveryFiredRuleAndItsReason() throws Exception {
        Run run = run("evaluate", RULES.toString(), "bench/use-case.json", "--date", "2026-12-02");
        assertEquals(RulesCommands.OK, run.exit(), run.toString());
        JsonNode decision = JSON.readTree(run.out());
        assertEquals("2026-12-02", decision.get("evaluationDate").asText());
        assertTrue(List.of("PROMPTING", "FINE_TUNING", "HYBRID").contains(decision.get("approach").asText()), run.out());
        assertTrue(decision.get("firedRules").size() > 3);
        decision.get("firedRules").forEach(rule -> assertTrue(rule.get("reason").asText().length() > 10, rule.toString()));
        assertTrue(decision.at("/counterfactuals/approach").findValuesAsText("field").contains("needsCurrentKnowledge"),
                decision.get("counterfactuals").toString());
        assertEquals(RulesetCompiler.compile(RulesetSource.fromDirectory(RULES), "x").version(), decision.get("rulesetVersion").asText());

        Path unknown = Files.writeString(work.resolve("unknown.json"), Files.readString(Path.of("bench/use-case.json"))
                .replaceFirst("\\{", "{\"jurisdictions\": [\"ATLANTIS\"], "));
        Run refused = run("evaluate", RULES.toString(), unknown.toString());
        assertEquals(RulesCommands.UNUSABLE, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("jurisdictions 'ATLANTIS' is not declared"), refused.err());
    }

    @Test
    void impactListsTheExportedDecisionsTheFolderWouldChange() throws Exception {
        Path export = exportOfTheGoldenCases();
        Run unchanged = run("impact", RULES.toString(), export.toString());
        assertEquals(RulesCommands.OK, unchanged.exit(), unchanged.toString());
        JsonNode none = JSON.readTree(unchanged.out());
        assertEquals(RulesetSource.goldenCasesFromDirectory(RULES).size(), none.get("replayed").asInt());
        assertEquals(0, none.get("changed").asInt());

        // Fine-tuning worth it from 5,000 requests a day: the cases between 5,000 and 50,000 change.
        Path tuned = copyOfRules();
        Path thresholds = tuned.resolve("thresholds.properties");
        Files.writeString(thresholds, Files.readString(thresholds).replace("volume.fineTuning.min = 50000", "volume.fineTuning.min = 5000")
                .replace("volume.prompting.max = 10000", "volume.prompting.max = 1000"));
        Run changed = run("impact", tuned.toString(), export.toString());
        assertEquals(RulesCommands.FAILED, changed.exit(), changed.toString());
        JsonNode some = JSON.readTree(changed.out());
        assertTrue(some.get("changed").asInt() > 0, changed.out());
        JsonNode first = some.get("changes").get(0);
        assertTrue(!first.get("before").equals(first.get("after")) && first.get("id").asText().startsWith("golden-"), first.toString());
    }

    @Test
    void aLinkedSecretIsAFindingAndNeverPrinted() throws Exception {
        String secret = "checkpoint-signing-key-" + System.nanoTime();
        Path key = Files.writeString(work.resolve("checkpoint-signing-key.pem"), secret + "\nsecond line\n");
        Path rules = copyOfRules();
        Files.createSymbolicLink(rules.resolve("leak.properties"), key);
        Files.createSymbolicLink(rules.resolve("tests/leak.json"), key);

        Run run = run("test", rules.toString(), "--junit", work.resolve("leak.xml").toString());
        assertEquals(RulesCommands.FAILED, run.exit(), run.toString());
        assertTrue(run.out().contains(rules.resolve("leak.properties") + ":0:0: is a symbolic link to something outside the rules folder"),
                run.out());
        assertTrue(run.out().contains("tests/leak.json"), run.out());
        assertTrue(run.out().endsWith("FAILED\n"), run.out());
        assertFalse((run.out() + run.err() + Files.readString(work.resolve("leak.xml"))).contains(secret), run.toString());

        Run evaluated = run("evaluate", rules.toString(), "bench/use-case.json");
        assertEquals(RulesCommands.FAILED, evaluated.exit(), evaluated.toString());
        assertTrue(evaluated.err().contains("leak.properties:0:0: is a symbolic link"), evaluated.err());
        assertFalse((evaluated.out() + evaluated.err()).contains(secret), evaluated.toString());
    }

    @Test
    void wrongArgumentsAreAUsageError() {
        for (String[] wrong : new String[][] { { "test" }, { "evaluate", "rules" }, { "test", "rules", "--colour", "red" },
                { "test", "/no/such/folder" }, { "evaluate", "rules", "bench/use-case.json", "--date", "tomorrow" } }) {
            Run run = run(wrong);
            assertEquals(RulesCommands.UNUSABLE, run.exit(), String.join(" ", wrong) + ": " + run);
        }
    }

    /** JSON Lines as the service's export writes them, one evaluation per golden case, decided by the shipped rules. */
    private Path exportOfTheGoldenCases() throws IOException {
        Ruleset ruleset = RulesetCompiler.compile(RulesetSource.fromDirectory(RULES), "rules");
        List<String> lines = new ArrayList<>();
        for (RuleFile file : RulesetSource.goldenCasesFromDirectory(RULES)) {
            GoldenCase golden = GoldenCaseRun.read(file);
            LocalDate day = golden.evaluationDate() == null ? LocalDate.now() : golden.evaluationDate();
            Decision decision = DecisionEngine.evaluate(ruleset, ruleset.declarations().understood(golden.input()), day,
                    new EvaluationLimits(10_000, java.time.Duration.ofSeconds(10)));
            ObjectNode line = JSON.createObjectNode();
            line.put("id", "golden-" + file.name());
            line.put("evaluatedAt", day.atStartOfDay().toInstant(java.time.ZoneOffset.UTC).toString());
            line.put("name", golden.input().name());
            line.put("approach", decision.approach().name());
            line.put("verdict", decision.verdict().name());
            line.set("exposures", JSON.valueToTree(decision.exposures()));
            line.set("input", JSON.valueToTree(golden.input()));
            lines.add(line.toString());
        }
        // A board decision and an account change are in an export too; they are not decided again.
        lines.add("{\"kind\": \"USER_EVENT\", \"id\": \"event\", \"event\": {\"type\": \"CREATED\", \"details\": {}}}");
        return Files.writeString(work.resolve("audit-log.jsonl"), String.join("\n", lines) + "\n");
    }

    private Path copyOfRules() throws IOException {
        Path copy = work.resolve("rules-" + System.nanoTime());
        try (Stream<Path> files = Files.walk(RULES)) {
            for (Path file : files.toList()) {
                Path target = copy.resolve(RULES.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        return copy;
    }

    private static Run run(String... arguments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = RulesCommands.run(List.of(arguments), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
