package io.aigov.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.aigov.decision.engine.Decision;
import io.aigov.decision.engine.DecisionEngine;
import io.aigov.decision.engine.DecisionOutcome;
import io.aigov.decision.engine.EvaluationLimits;
import io.aigov.decision.explain.CounterfactualSearch;
import io.aigov.decision.golden.GoldenCaseResult;
import io.aigov.decision.golden.GoldenCaseRun;
import io.aigov.decision.model.Approach;
import io.aigov.decision.model.Exposure;
import io.aigov.decision.model.UseCase;
import io.aigov.decision.model.Verdict;
import io.aigov.decision.rulefile.RuleProblem;
import io.aigov.decision.ruleset.InvalidRulesetException;
import io.aigov.decision.ruleset.Ruleset;
import io.aigov.decision.ruleset.RulesetCandidate;
import io.aigov.decision.ruleset.RulesetCompiler;
import io.aigov.decision.safety.RuleSafetyCheck;

/**
 * The rule author's commands, for a rules repository's own CI: they need neither the service nor a
 * database, only a rules folder (docs/rules.md, "Rules in continuous integration"). The rules run in this
 * process, after the same safety check the service runs; the service checks a candidate in a
 * process of its own.
 */
public final class RulesCommands {

    /** Exit status: everything passed, or the command did what it was asked. */
    public static final int OK = 0;
    /** Exit status: a check failed (test), or decisions would change (impact). */
    public static final int FAILED = 1;
    /** Exit status: the command was called wrongly or a file cannot be used. */
    public static final int UNUSABLE = 2;

    public static final String USAGE = """
            usage: test <rules-folder> [--junit <report.xml>]
                   evaluate <rules-folder> <use-case.json> [--date <yyyy-mm-dd>]
                   impact <rules-folder> <export.jsonl>""";

    /** The limits the service evaluates within by default (aigov.rules.max-firings, aigov.rules.evaluation-deadline). */
    private static final EvaluationLimits LIMITS = new EvaluationLimits(10_000, Duration.ofSeconds(2));
    /** As many changed inputs as the service decides by default (aigov.evaluation.counterfactuals.max-evaluations), with time to spare: a CI machine may be slow. */
    private static final CounterfactualSearch.Budget SEARCH = new CounterfactualSearch.Budget(200, Duration.ofSeconds(5));
    private static final ObjectMapper STRICT = JsonMapper.builder().addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
    private static final ObjectMapper LENIENT = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private RulesCommands() {
    }

    /** Whether the first argument names one of these commands. */
    public static boolean handles(String command) {
        return command.equals("test") || command.equals("evaluate") || command.equals("impact");
    }

    public static int run(List<String> arguments, PrintStream out, PrintStream err) {
        try {
            return switch (arguments.isEmpty() ? "" : arguments.get(0)) {
                case "test" -> test(arguments.subList(1, arguments.size()), out);
                case "evaluate" -> evaluate(arguments.subList(1, arguments.size()), out, err);
                case "impact" -> impact(arguments.subList(1, arguments.size()), out, err);
                default -> usage(err);
            };
        } catch (UsageException e) {
            err.println(e.getMessage());
            return usage(err);
        } catch (NoSuchFileException e) {
            err.println("no such file: " + e.getFile());
        } catch (IOException | UncheckedIOException e) {
            err.println(e.getMessage());
        }
        return UNUSABLE;
    }

    /** What was wrong with the arguments. */
    private static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    private static int usage(PrintStream err) {
        err.println(USAGE);
        return UNUSABLE;
    }

    /** The safety check, compilation and golden cases of a folder, as the service's gate runs them. */
    private static int test(List<String> arguments, PrintStream out) throws UsageException, IOException {
        Map<String, String> options = options(arguments, 1, "--junit");
        RulesetCandidate candidate = candidate(arguments.get(0));
        TestReport report = new TestReport(arguments.get(0));
        RuleSafetyCheck.Outcome safety = RuleSafetyCheck.examine(candidate.files(), RulesetCompiler.declarationsToCheck(candidate.files()));
        // As the service's gate: entries of the folder refused unread (a link out of it, a FIFO) are safety findings.
        List<String> examined = new ArrayList<>(candidate.unreadable().stream().map(RuleProblem::file).toList());
        examined.addAll(candidate.rules().stream().map(file -> file.name()).toList());
        List<RuleProblem> findings = new ArrayList<>(candidate.unreadable());
        findings.addAll(safety.all());
        report.phase("safety check", examined, findings);
        if (safety.passed() && candidate.unreadable().isEmpty()) {
            try {
                Ruleset ruleset = RulesetCompiler.compile(candidate.rules(), arguments.get(0));
                report.phase("compilation", candidate.rules().stream().map(file -> file.name()).toList(), List.of());
                List<GoldenCaseResult> results = GoldenCaseRun.run(ruleset, candidate.goldenCases(), LIMITS);
                report.goldenCases(results);
            } catch (InvalidRulesetException e) {
                report.phase("compilation", candidate.rules().stream().map(file -> file.name()).toList(), e.problems());
            }
        }
        report.print(out);
        if (options.containsKey("--junit")) {
            report.writeJunit(Path.of(options.get("--junit")));
        }
        return report.passed() ? OK : FAILED;
    }

    /** One use case decided by a folder's rules, printed with every fired rule and its reason, and what would change it. */
    private static int evaluate(List<String> arguments, PrintStream out, PrintStream err) throws UsageException, IOException {
        Map<String, String> options = options(arguments, 2, "--date");
        LocalDate day = LocalDate.now(ZoneOffset.UTC);
        if (options.containsKey("--date")) {
            try {
                day = LocalDate.parse(options.get("--date"));
            } catch (DateTimeParseException e) {
                throw new UsageException("--date must be a date like 2026-12-02, not " + options.get("--date"));
            }
        }
        Ruleset ruleset = compiled(arguments.get(0), err);
        if (ruleset == null) {
            return FAILED;
        }
        UseCase useCase;
        try {
            useCase = STRICT.readValue(Files.readString(Path.of(arguments.get(1)), StandardCharsets.UTF_8), UseCase.class);
        } catch (JsonProcessingException e) {
            throw new IOException(arguments.get(1) + " is no use case: " + e.getOriginalMessage());
        }
        Map<String, String> undeclared = ruleset.declarations().problemsWith(useCase);
        if (!undeclared.isEmpty()) {
            undeclared.forEach((field, problem) -> err.println(arguments.get(1) + ": " + field + " " + problem));
            return UNUSABLE;
        }
        UseCase understood = ruleset.declarations().understood(useCase);
        Decision decision = DecisionEngine.evaluate(ruleset, understood, day, LIMITS);
        ObjectNode printed = STRICT.valueToTree(decision);
        printed.put("evaluationDate", day.toString());
        printed.set("input", STRICT.valueToTree(understood));
        printed.set("counterfactuals", STRICT.valueToTree(CounterfactualSearch.search(ruleset, understood, decision, day, LIMITS, SEARCH)));
        out.println(STRICT.writeValueAsString(printed));
        return OK;
    }

    /**
     * Every evaluation of an audit export (JSON Lines) decided again on a folder's rules, on the day it
     * was first decided: the ones whose approach, verdict or exposures would change are listed.
     */
    private static int impact(List<String> arguments, PrintStream out, PrintStream err) throws UsageException, IOException {
        options(arguments, 2);
        Ruleset ruleset = compiled(arguments.get(0), err);
        if (ruleset == null) {
            return FAILED;
        }
        int replayed = 0;
        ArrayNode changes = STRICT.createArrayNode();
        try (BufferedReader lines = Files.newBufferedReader(Path.of(arguments.get(1)), StandardCharsets.UTF_8)) {
            int number = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode record;
                try {
                    record = LENIENT.readTree(line);
                } catch (JsonProcessingException e) {
                    throw new IOException(arguments.get(1) + " line " + number + ": not JSON: " + e.getOriginalMessage());
                }
                // Evaluations carry no kind; board decisions and events are not decided by the rules.
                if (record.has("kind") || !record.has("input")) {
                    continue;
                }
                replayed++;
                DecisionOutcome before = DecisionOutcome.of(LENIENT.treeToValue(record.get("approach"), Approach.class),
                        LENIENT.treeToValue(record.get("verdict"), Verdict.class),
                        List.of(LENIENT.treeToValue(record.get("exposures"), Exposure[].class)));
                UseCase input = LENIENT.treeToValue(record.get("input"), UseCase.class);
                LocalDate day = Instant.parse(record.get("evaluatedAt").asText()).atOffset(ZoneOffset.UTC).toLocalDate();
                DecisionOutcome after;
                try {
                    after = DecisionOutcome.of(DecisionEngine.evaluate(ruleset, ruleset.declarations().understood(input), day, LIMITS));
                } catch (RuntimeException e) {
                    after = DecisionOutcome.failed(GoldenCaseRun.failure(e));
                }
                if (!before.equals(after)) {
                    ObjectNode change = changes.addObject();
                    change.put("id", record.path("id").asText());
                    change.put("name", record.path("name").asText());
                    change.set("before", STRICT.valueToTree(before));
                    change.set("after", STRICT.valueToTree(after));
                }
            }
        }
        ObjectNode result = STRICT.createObjectNode();
        result.put("rules", arguments.get(0));
        result.put("replayed", replayed);
        result.put("changed", changes.size());
        result.set("changes", changes);
        out.println(STRICT.writeValueAsString(result));
        return changes.isEmpty() ? OK : FAILED;
    }

    /** A folder's rules compiled after the safety check; null, with the problems on err, when they fail. */
    private static Ruleset compiled(String folder, PrintStream err) throws IOException {
        RulesetCandidate candidate = candidate(folder);
        List<RuleProblem> problems = new ArrayList<>(candidate.unreadable());
        problems.addAll(RuleSafetyCheck.check(candidate.rules(), RulesetCompiler.declarationsToCheck(candidate.rules())));
        if (problems.isEmpty()) {
            try {
                return RulesetCompiler.compile(candidate.rules(), folder);
            } catch (InvalidRulesetException e) {
                problems = e.problems();
            }
        }
        problems.forEach(problem -> err.println(Path.of(folder).resolve(problem.file()) + ":" + problem.line() + ":" + problem.column()
                + ": " + problem.message()));
        return null;
    }

    private static RulesetCandidate candidate(String folder) throws IOException {
        Path directory = Path.of(folder);
        if (!Files.isDirectory(directory)) {
            throw new NoSuchFileException(folder);
        }
        return RulesetCandidate.fromDirectory(directory);
    }

    /** The options after the positional arguments, each with its value; anything else is a usage error. */
    private static Map<String, String> options(List<String> arguments, int positional, String... known) throws UsageException {
        if (arguments.size() < positional) {
            throw new UsageException("expected " + positional + " argument" + (positional == 1 ? "" : "s"));
        }
        Map<String, String> options = new LinkedHashMap<>();
        List<String> rest = new ArrayList<>(arguments.subList(positional, arguments.size()));
        while (!rest.isEmpty()) {
            String option = rest.remove(0);
            if (!List.of(known).contains(option) || rest.isEmpty()) {
                throw new UsageException("unknown option or missing value: " + option);
            }
            options.put(option, rest.remove(0));
        }
        return options;
    }
}
