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
    /** A comparand that is one threshold or one literal, the comparison ending after it: the field turns exactly there. */
    private static final Pattern EXACT = Pattern.compile("^\\s*(?:\\$?\\w+\\.number\\(\\s*\"([^\"]+)\"\\s*\\)|(\\d+(?:\\.\\d+)?))\\s*(?:[,)]|&&|\\|\\||$)");

    /**
     * A value the rules compare a field with.
     *
     * @param exact whether the field is compared with this value itself; otherwise the value is part of what it is
     *              compared with (a number times a buffer), and the turning point lies somewhere about it
     */
    record Breakpoint(double value, boolean exact) {
    }

    private final Ruleset ruleset;
    private final Map<String, List<Breakpoint>> byField = new ConcurrentHashMap<>();

    private Breakpoints(Ruleset ruleset) {
        this.ruleset = ruleset;
    }

    static Breakpoints of(Ruleset ruleset) {
        if (BY_VERSION.size() >= MAX_CACHED) {
            BY_VERSION.clear();
        }
        return BY_VERSION.computeIfAbsent(ruleset.version(), version -> new Breakpoints(ruleset));
    }

    /** The values the rules compare a field with, in the order of the numbers; a value compared both ways is not exact. */
    List<Breakpoint> near(String field) {
        return byField.computeIfAbsent(field, this::find);
    }

    private List<Breakpoint> find(String field) {
        Pattern comparison = Pattern.compile("\\b" + Pattern.quote(field) + "\\s*(?:<=|>=|<|>|==|!=)([^\\n]*)");
        NavigableSet<Double> exact = new TreeSet<>();
        NavigableSet<Double> about = new TreeSet<>();
        List<RuleFile> drl = ruleset.files().stream().filter(RuleFile::isDrl).toList();
        for (RuleFile file : drl) {
            Matcher compared = comparison.matcher(file.content());
            while (compared.find()) {
                String expression = compared.group(1);
                Matcher alone = EXACT.matcher(expression);
                String further = expression;
                if (alone.find()) {
                    Double value = alone.group(1) != null ? threshold(alone.group(1)) : Double.valueOf(alone.group(2));
                    if (value != null) {
                        exact.add(value);
                    }
                    further = expression.substring(alone.end());
                }
                // What else the line compares may concern this field too (a product of thresholds, a second comparison).
                Matcher threshold = THRESHOLD.matcher(further);
                while (threshold.find()) {
                    Double value = threshold(threshold.group(1));
                    if (value != null) {
                        about.add(value);
                    }
                }
                Matcher literal = LITERAL.matcher(THRESHOLD.matcher(further).replaceAll(""));
                while (literal.find()) {
                    about.add(Double.parseDouble(literal.group(1)));
                }
            }
        }
        NavigableSet<Double> values = new TreeSet<>(exact);
        values.addAll(about);
        return values.stream().map(value -> new Breakpoint(value, !about.contains(value))).toList();
    }

    private Double threshold(String name) {
        try {
            return ruleset.thresholds().number(name);
        } catch (RuleContractException noSuchNumber) {
            // The rules fail on it themselves; there is nothing to look for here.
            return null;
        }
    }
}
