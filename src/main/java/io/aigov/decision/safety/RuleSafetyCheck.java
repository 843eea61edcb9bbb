package io.aigov.decision.safety;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsError;
import org.drools.drl.parser.DroolsParserException;
import org.drools.drl.parser.ParserError;

import io.aigov.decision.model.Declarations;
import io.aigov.decision.model.RecordableText;
import io.aigov.decision.rulefile.RuleFile;
import io.aigov.decision.rulefile.RuleProblem;

/**
 * Refuses rule files that could do more than decide, before anything is compiled. A DRL
 * consequence, function or constraint is Java (or MVEL) that the JVM runs with the service's
 * rights, so every file is parsed with Drools' own parsers, which find exactly what Drools will
 * compile, and every piece of Java in it is parsed and typed ({@link JavaSnippetCheck}) against a
 * small vocabulary ({@link RuleVocabulary}): patterns over the fact model and types declared in the
 * rules; comparisons, arithmetic, text and literals; the fact model's properties and decision
 * methods; a short list of pure library methods; {@code insert} of declared facts and
 * {@code modify} of the assessment. Everything else is refused, each finding with its file, line
 * and column.
 */
public final class RuleSafetyCheck {

    static final int MAX_FILE_CHARACTERS = 1_000_000;
    /**
     * Far more than the check needs: it goes through each file once, whatever its code does (the
     * shipped rules take well under a second, 110,000 refused statements in one file a few seconds,
     * 25 s on two cores busy with seven times as much other work); the budget bounds what no
     * analysis can foresee.
     */
    static final Duration TIME_BUDGET = Duration.ofSeconds(60);
    private static final String NESTED_TOO_DEEPLY = "the rules are nested too deeply to be checked: split the expression";
    private static final Pattern UNICODE_ESCAPE = Pattern.compile("\\\\u+[0-9a-fA-F]{4}");

    private RuleSafetyCheck() {
    }

    /**
     * What the check found: syntax errors (a file the rule parser cannot read is not checked any
     * further) and findings of code that rules may not run. Either refuses the candidate.
     */
    public record Outcome(List<RuleProblem> syntaxErrors, List<RuleProblem> findings) {

        public boolean passed() {
            return syntaxErrors.isEmpty() && findings.isEmpty();
        }

        public List<RuleProblem> all() {
            List<RuleProblem> all = new ArrayList<>(syntaxErrors);
            all.addAll(findings);
            return all;
        }
    }

    /**
     * Every syntax error and finding in a candidate's files; it may be compiled only when there are
     * none. Every file is read for characters it may not hold; DRL files are then parsed and checked.
     */
    public static Outcome examine(List<RuleFile> files, Declarations declarations) {
        return examine(files, declarations, TIME_BUDGET);
    }

    /**
     * The same within a time budget: past it the check stops, and a finding says so.
     *
     * @param declarations what the candidate's .properties files declare: a rule may read only the questions declared
     *                     there; null when they cannot be read (their problems are reported on their own)
     */
    public static Outcome examine(List<RuleFile> files, Declarations declarations, Duration budget) {
        Examination syntax = new Examination(budget, declarations);
        Examination examination = new Examination(budget, declarations);
        try {
            Map<String, List<ParsedFile>> byPackage = new LinkedHashMap<>();
            for (RuleFile file : files.stream().map(RuleFile::withCurrentFactModel).toList()) {
                examination.checkTime();
                OptionalInt refused = RecordableText.firstRefused(file.content());
                if (refused.isPresent()) {
                    examination.report(new SourceText(file.name(), file.content()).problemAt(refused.getAsInt(),
                            RecordableText.describe(file.content().charAt(refused.getAsInt())) + " is not allowed in rule files: they"
                                    + " hold no control characters but tab, line feed and carriage return, and no bidirectional"
                                    + " formatting characters, which make code read differently from what it does"));
                    continue;
                }
                if (!file.isDrl()) {
                    continue;
                }
                if (file.content().length() > MAX_FILE_CHARACTERS) {
                    examination.report(new RuleProblem(file.name(), 1, 1, "rule files are limited to " + MAX_FILE_CHARACTERS + " characters"));
                    continue;
                }
                try {
                    parse(file, syntax, examination).ifPresent(parsed -> byPackage
                            .computeIfAbsent(parsed.drl().getName(), p -> new ArrayList<>()).add(parsed));
                } catch (StackOverflowError e) {
                    examination.report(new RuleProblem(file.name(), 1, 1, NESTED_TOO_DEEPLY));
                }
            }
            for (List<ParsedFile> packageFiles : byPackage.values()) {
                try {
                    new PackageCheck(packageFiles, examination).run();
                } catch (StackOverflowError e) {
                    examination.report(new RuleProblem(packageFiles.get(0).source().fileName(), 1, 1, NESTED_TOO_DEEPLY));
                }
            }
        } catch (Examination.OutOfTime e) {
            examination.stopped(new RuleProblem("", 0, 0, "the safety check did not finish within " + budget.toSeconds()
                    + " s, so the candidate is refused: make its files smaller or its code simpler"));
        }
        return new Outcome(syntax.findings(), examination.findings());
    }

    /** Everything that refuses the candidate's DRL files, syntax errors first; empty means it may be compiled. */
    public static List<RuleProblem> check(List<RuleFile> files, Declarations declarations) {
        return examine(files, declarations).all();
    }

    record ParsedFile(SourceText source, PackageDescr drl) {
    }

    private static Optional<ParsedFile> parse(RuleFile file, Examination syntax, Examination examination) {
        SourceText source = new SourceText(file.name(), file.content());
        int before = examination.found();
        // The Java compiler turns \\u escapes into code, so they could show the compiler other code than the parsers see.
        Matcher escape = UNICODE_ESCAPE.matcher(file.content());
        if (escape.find()) {
            examination.report(source.problemAt(escape.start(), "unicode escapes (" + escape.group()
                    + ") are not allowed in rule files: write the character itself"));
        }
        // The rule parser reads text blocks differently from the Java compiler: keep them out altogether.
        int textBlock = file.content().indexOf("\"\"\"");
        if (textBlock >= 0) {
            examination.report(source.problemAt(textBlock, "text blocks (\"\"\") are not allowed in rule files: write \"...\" strings"));
        }
        if (examination.found() > before) {
            return Optional.empty();
        }
        DrlParser parser = new DrlParser();
        PackageDescr drl;
        try {
            drl = parser.parse(false, file.content());
        } catch (DroolsParserException e) {
            syntax.report(source.problemAt(0, "the file cannot be parsed: " + e.getMessage()));
            return Optional.empty();
        }
        if (parser.hasErrors() || drl == null) {
            for (DroolsError error : parser.getErrors()) {
                syntax.report(error instanceof ParserError located
                        ? source.problemAt(located.getRow(), located.getCol(), located.getMessage())
                        : source.problemAt(0, error.getMessage()));
            }
            if (parser.getErrors().isEmpty()) {
                syntax.report(source.problemAt(0, "the file cannot be parsed"));
            }
            return Optional.empty();
        }
        return Optional.of(new ParsedFile(source, drl));
    }

}
