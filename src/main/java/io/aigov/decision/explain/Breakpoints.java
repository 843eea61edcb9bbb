package io.aigov.decision.explain;

import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.aigov.decision.model.RuleContractException;
import io.aigov.decision.rulefile.RuleFile;
import io.aigov.decision.ruleset.Ruleset;

/**
 * Where a ruleset's outcome may turn as a number of the input moves: the thresholds and
 * literals the rules compare the field with ({@code labeledExamples >= $t.number("examples.fineTuning.min")}).
 * They only say where to look first; the search decides every value it reports, and finds the
 * turning points of compound comparisons (a number times a buffer) by narrowing down.
 */
final class Breakpoints {

    /** Compiled rulesets are few and immutable; their versions name them. */
    private static final int MAX_CACHED = 32;
    private static final Map<String, Breakpoints> BY_VERSION = new ConcurrentHashMap<>();
    private static final Pattern THRESHOLD = Pattern.compile("\\.number\\(\\s*\"([^\"]+)\"\\s*\\)");
    private static final Pattern LITERAL = Pattern.compile("(?<![\\w.\"])(\\d+(?:\\.\\d+)?)(?![\\w.\"])");

    private final Ruleset ruleset;
    private final Map<String, NavigableSet<Double>> byField = new ConcurrentHashMap<>();

    private Breakpoints(Ruleset ruleset) {
        this.ruleset = ruleset;
    }

    static Breakpoints of(Ruleset ruleset) {
        if (BY_VERSION.size() >= MAX_CACHED) {
            BY_VERSION.clear();
        }
        return BY_VERSION.computeIfAbsent(ruleset.version(), version -> new Breakpoints(ruleset));
    }

    /** The values the rules compare a field with, in the order of the numbers. */
    NavigableSet<Double> near(String field) {
        return byField.computeIfAbsent(field, this::find);
    }

    private NavigableSet<Double> find(String field) {
        Pattern comparison = Pattern.compile("\\b" + Pattern.quote(field) + "\\s*(?:<=|>=|<|>|==|!=)([^\\n]*)");
        NavigableSet<Double> values = new TreeSet<>();
        List<RuleFile> drl = ruleset.files().stream().filter(RuleFile::isDrl).toList();
        for (RuleFile file : drl) {
            Matcher compared = comparison.matcher(file.content());
            while (compared.find()) {
                String expression = compared.group(1);
                Matcher threshold = THRESHOLD.matcher(expression);
                while (threshold.find()) {
                    try {
                        values.add(ruleset.thresholds().number(threshold.group(1)));
                    } catch (RuleContractException noSuchNumber) {
                        // The rules fail on it themselves; there is nothing to look for here.
                    }
                }
                Matcher literal = LITERAL.matcher(THRESHOLD.matcher(expression).replaceAll(""));
                while (literal.find()) {
                    values.add(Double.parseDouble(literal.group(1)));
                }
            }
        }
        return values;
    }
}
