package io.aigov.decision.explain;

import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.mvel2.MVEL;

import io.aigov.decision.model.RuleContractException;
import io.aigov.decision.rulefile.RuleFile;
import io.aigov.decision.ruleset.Ruleset;

/**
 * Where a ruleset's outcome may turn as a number of the input moves: the thresholds and
 * literals the rules compare the field with ({@code labeledExamples >= $t.number("examples.fineTuning.min")});
 * and which choices the rules can tell apart: those their files name.
 * A comparand of thresholds and literals combined by arithmetic (a minimum times one plus a buffer) is
 * a value too. They only say where to look first; the search decides every value it reports, and finds
 * the turning points of other compound comparisons by narrowing down.
 */
final class Breakpoints {

    /** Compiled rulesets are few and immutable; their versions name them. */
    private static final int MAX_CACHED = 32;
    private static final Map<String, Breakpoints> BY_VERSION = new ConcurrentHashMap<>();
    private static final Pattern THRESHOLD = Pattern.compile("\\.number\\(\\s*\"([^\"]+)\"\\s*\\)");
    private static final Pattern LITERAL = Pattern.compile("(?<![\\w.\"])(\\d+(?:\\.\\d+)?)(?![\\w.\"])");
    /** A comparand that is one threshold or one literal, the comparison ending after it: the field turns exactly there. */
    private static final Pattern THRESHOLD_REFERENCE = Pattern.compile("\\$?\\w+\\.number\\(\\s*\"([^\"]+)\"\\s*\\)");
    /** Numbers combined by arithmetic, at least one operator among them. */
    private static final Pattern ARITHMETIC = Pattern.compile("[\\d.\\s()]*\\d[\\d.\\s()]*(?:[-+*/][\\d.\\s()]+)+");
    /** Longer comparands than any rule writes are left to the search's narrowing down. */
    private static final int MAX_ARITHMETIC = 200;
    private static final Pattern EXACT = Pattern.compile("^\\s*(?:\\$?\\w+\\.number\\(\\s*\"([^\"]+)\"\\s*\\)|(\\d+(?:\\.\\d+)?))\\s*(?:[,)]|&&|\\|\\||$)");

    /**
     * A value the rules compare a field with.
     *
     * @param exact whether the field is compared with this value itself; otherwise the value is part of what it is
     *              compared with (a number times a buffer), and the turning point lies somewhere about it
     * @param turns on which side of the value an exact comparison turns
     */
    record Breakpoint(double value, boolean exact, Set<Turn> turns) {
    }

    /**
     * Where a comparison with a value turns: a field compared with {@code >=} or {@code <} turns between one step
     * below the value and the value itself; with {@code >} or {@code <=}, between the value and one step above it.
     */
    enum Turn {
        BELOW, ABOVE;

        static Set<Turn> of(String operator) {
            return switch (operator) {
                case ">=", "<" -> Set.of(BELOW);
                case ">", "<=" -> Set.of(ABOVE);
                default -> Set.of(BELOW, ABOVE);
            };
        }
    }

    private final Ruleset ruleset;
    private final Map<String, List<Breakpoint>> byField = new ConcurrentHashMap<>();
    private final Map<String, Boolean> named = new ConcurrentHashMap<>();

    private Breakpoints(Ruleset ruleset) {
        this.ruleset = ruleset;
    }

    static Breakpoints of(Ruleset ruleset) {
        if (BY_VERSION.size() >= MAX_CACHED) {
            BY_VERSION.clear();
        }
        return BY_VERSION.computeIfAbsent(ruleset.version(), version -> new Breakpoints(ruleset));
    }

    /** The values the rules compare a field with, in the order of the numbers; a value also compared in a compound is not exact. */
    List<Breakpoint> near(String field) {
        return byField.computeIfAbsent(field, this::find);
    }

    private List<Breakpoint> find(String field) {
        Pattern comparison = Pattern.compile("\\b" + Pattern.quote(field) + "\\s*(<=|>=|<|>|==|!=)([^\\n]*)");
        Map<Double, Set<Turn>> exact = new TreeMap<>();
        NavigableSet<Double> about = new TreeSet<>();
        List<RuleFile> drl = ruleset.files().stream().filter(RuleFile::isDrl).toList();
        for (RuleFile file : drl) {
            Matcher compared = comparison.matcher(file.content());
            while (compared.find()) {
                String expression = compared.group(2);
                Matcher alone = EXACT.matcher(expression);
                String further = expression;
                if (alone.find()) {
                    Double value = alone.group(1) != null ? threshold(alone.group(1)) : Double.valueOf(alone.group(2));
                    if (value != null) {
                        exact.computeIfAbsent(value, v -> EnumSet.noneOf(Turn.class)).addAll(Turn.of(compared.group(1)));
                    }
                    further = expression.substring(alone.end());
                } else {
                    String comparand = comparand(expression);
                    Double value = arithmetic(comparand);
                    if (value != null) {
                        exact.computeIfAbsent(value, v -> EnumSet.noneOf(Turn.class)).addAll(Turn.of(compared.group(1)));
                        further = expression.substring(comparand.length());
                    }
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
        NavigableSet<Double> values = new TreeSet<>(exact.keySet());
        values.addAll(about);
        return values.stream().map(value -> about.contains(value) ? new Breakpoint(value, false, EnumSet.allOf(Turn.class))
                : new Breakpoint(value, true, Set.copyOf(exact.get(value)))).toList();
    }

    /**
     * Whether any rule file (rules, thresholds, declarations) holds the word, such as a choice's name: rules can only
     * tell choices apart that they name ({@code domain == Domain.EMPLOYMENT}, {@code domain in (...)}, a name in a
     * text), so the choices no file names are alike to them.
     */
    boolean names(String word) {
        return named.computeIfAbsent(word, this::findWord);
    }

    private boolean findWord(String word) {
        Pattern token = Pattern.compile("(?<![\\w$])" + Pattern.quote(word) + "(?![\\w$])");
        return ruleset.files().stream().anyMatch(file -> token.matcher(file.content()).find());
    }

    /** The comparand up to where the comparison ends: a comma, a closing parenthesis or a logical operator outside its own parentheses. */
    private static String comparand(String expression) {
        int depth = 0;
        for (int i = 0; i < expression.length(); i++) {
            char c = expression.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && depth-- == 0 || depth == 0 && (c == ',' || expression.startsWith("&&", i) || expression.startsWith("||", i))) {
                return expression.substring(0, i);
            }
        }
        return expression;
    }

    /**
     * The value of a comparand that combines thresholds and literals with arithmetic alone (a minimum times one plus a
     * buffer), evaluated as the rules evaluate it; null for anything else. Nothing but digits, operators and
     * parentheses reaches the evaluator.
     */
    private Double arithmetic(String comparand) {
        Matcher reference = THRESHOLD_REFERENCE.matcher(comparand);
        StringBuilder numbers = new StringBuilder();
        while (reference.find()) {
            Double value = threshold(reference.group(1));
            if (value == null) {
                return null;
            }
            reference.appendReplacement(numbers, " " + BigDecimal.valueOf(value).toPlainString() + " ");
        }
        reference.appendTail(numbers);
        String text = numbers.toString();
        if (!ARITHMETIC.matcher(text).matches() || text.length() > MAX_ARITHMETIC) {
            return null;
        }
        try {
            Object value = MVEL.eval(text);
            return value instanceof Number number && Double.isFinite(number.doubleValue()) ? number.doubleValue() : null;
        } catch (RuntimeException notArithmetic) {
            return null;
        }
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
