package io.aigov.decision.safety;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsError;
import org.drools.drl.parser.DroolsParserException;
import org.drools.drl.parser.ParserError;

import io.aigov.decision.ruleset.ControlCharacters;
import io.aigov.decision.ruleset.RuleFile;
import io.aigov.decision.ruleset.RuleProblem;

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

    /** Every syntax error and finding in the DRL files of a candidate; it may be compiled only when there are none. */
    public static Outcome examine(List<RuleFile> files) {
        List<RuleProblem> syntaxErrors = new ArrayList<>();
        List<RuleProblem> findings = new ArrayList<>();
        Map<String, List<ParsedFile>> byPackage = new LinkedHashMap<>();
        for (RuleFile file : files.stream().map(RuleFile::withCurrentFactModel).toList()) {
            Optional<Integer> control = ControlCharacters.firstIn(file.content());
            if (control.isPresent()) {
                findings.add(new SourceText(file.name(), file.content()).problemAt(control.get(), String.format(Locale.ROOT,
                        "control characters (here U+%04X) are not allowed in rule files; tab, line feed and carriage return are",
                        (int) file.content().charAt(control.get()))));
                continue;
            }
            if (!file.isDrl()) {
                continue;
            }
            if (file.content().length() > MAX_FILE_CHARACTERS) {
                findings.add(new RuleProblem(file.name(), 1, 1, "rule files are limited to " + MAX_FILE_CHARACTERS + " characters"));
                continue;
            }
            try {
                parse(file, syntaxErrors, findings).ifPresent(parsed -> byPackage
                        .computeIfAbsent(parsed.drl().getName(), p -> new ArrayList<>()).add(parsed));
            } catch (StackOverflowError e) {
                findings.add(new RuleProblem(file.name(), 1, 1, NESTED_TOO_DEEPLY));
            }
        }
        for (List<ParsedFile> packageFiles : byPackage.values()) {
            try {
                new PackageCheck(packageFiles, findings).run();
            } catch (StackOverflowError e) {
                findings.add(new RuleProblem(packageFiles.get(0).source().fileName(), 1, 1, NESTED_TOO_DEEPLY));
            }
        }
        return new Outcome(List.copyOf(syntaxErrors), List.copyOf(findings));
    }

    /** Everything that refuses the candidate's DRL files, syntax errors first; empty means it may be compiled. */
    public static List<RuleProblem> check(List<RuleFile> files) {
        return examine(files).all();
    }

    record ParsedFile(SourceText source, PackageDescr drl) {
    }

    private static Optional<ParsedFile> parse(RuleFile file, List<RuleProblem> syntaxErrors, List<RuleProblem> findings) {
        SourceText source = new SourceText(file.name(), file.content());
        int before = findings.size();
        // The Java compiler turns \\u escapes into code, so they could show the compiler other code than the parsers see.
        Matcher escape = UNICODE_ESCAPE.matcher(file.content());
        if (escape.find()) {
            findings.add(source.problemAt(escape.start(), "unicode escapes (" + escape.group()
                    + ") are not allowed in rule files: write the character itself"));
        }
        // The rule parser reads text blocks differently from the Java compiler: keep them out altogether.
        int textBlock = file.content().indexOf("\"\"\"");
        if (textBlock >= 0) {
            findings.add(source.problemAt(textBlock, "text blocks (\"\"\") are not allowed in rule files: write \"...\" strings"));
        }
        if (findings.size() > before) {
            return Optional.empty();
        }
        DrlParser parser = new DrlParser();
        PackageDescr drl;
        try {
            drl = parser.parse(false, file.content());
        } catch (DroolsParserException e) {
            syntaxErrors.add(source.problemAt(0, "the file cannot be parsed: " + e.getMessage()));
            return Optional.empty();
        }
        if (parser.hasErrors() || drl == null) {
            for (DroolsError error : parser.getErrors()) {
                syntaxErrors.add(error instanceof ParserError located
                        ? source.problemAt(located.getRow(), located.getCol(), located.getMessage())
                        : source.problemAt(0, error.getMessage()));
            }
            if (parser.getErrors().isEmpty()) {
                syntaxErrors.add(source.problemAt(0, "the file cannot be parsed"));
            }
            return Optional.empty();
        }
        return Optional.of(new ParsedFile(source, drl));
    }

}
