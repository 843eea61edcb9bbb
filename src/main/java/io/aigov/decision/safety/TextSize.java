package io.aigov.decision.safety;

import java.time.LocalDate;
import java.util.Arrays;

import io.aigov.decision.model.Assessment;

/**
 * An upper bound on the text a value can turn into, worked out from the rule code alone: the
 * characters, and for a list or set the elements. Rules cannot loop, but each statement, format or
 * function call can copy what the one before built ({@code s = s + s}); bounding every text the
 * code can build keeps a consequence from filling the heap between two deadline checks.
 *
 * @param chars    characters of the value's text (for a list or set, of all its elements)
 * @param elements elements of a list or set; 1 for anything else
 */
record TextSize(long chars, long elements) {

    /** The longest text the fact model holds: a use case's description. */
    static final long LONGEST_INPUT = 10_000;
    /** The longest text rule code may build in one expression. */
    static final long LIMIT = 100_000;

    static final TextSize NONE = new TextSize(0, 0);
    private static final TextSize NUMBER = of(25);
    private static final TextSize BOOLEAN = of(5);
    private static final TextSize DATE = of(LocalDate.MIN.toString().length());
    /** Far above any limit, low enough that adding and multiplying never overflows. */
    private static final long SATURATED = 1L << 40;

    static TextSize of(long chars) {
        return new TextSize(Math.min(chars, SATURATED), 1);
    }

    TextSize plus(TextSize other) {
        return new TextSize(Math.min(chars + other.chars, SATURATED), Math.min(elements + other.elements, SATURATED));
    }

    TextSize max(TextSize other) {
        return new TextSize(Math.max(chars, other.chars), Math.max(elements, other.elements));
    }

    /** {@code count} copies of this text, as a join separator is copied between elements. */
    TextSize times(long count) {
        return new TextSize(Math.min(chars * Math.min(count, SATURATED), SATURATED), 1);
    }

    boolean exceedsLimit() {
        return chars > LIMIT;
    }

    /** The most text a value of this type can turn into, when nothing more is known of it. */
    static TextSize of(RuleType type) {
        if (!(type instanceof RuleType.Java java)) {
            return type == RuleType.Null.NULL ? of(4) : NONE;
        }
        Class<?> cls = java.type();
        if (cls == String.class) {
            return of(LONGEST_INPUT);
        }
        if (java.bool()) {
            return BOOLEAN;
        }
        if (java.primitive() == char.class) {
            return of(1);
        }
        if (java.numeric()) {
            return NUMBER;
        }
        if (cls == LocalDate.class) {
            return DATE;
        }
        if (cls.isEnum()) {
            return of(Arrays.stream(cls.getEnumConstants()).mapToLong(constant -> ((Enum<?>) constant).name().length()).max().orElse(0));
        }
        if (java.list() || java.set()) {
            // The only collections the fact model gives are the assessment's warnings and a use case's capabilities.
            return new TextSize(Assessment.MAX_TEXT, Assessment.MAX_TEXT);
        }
        return NONE;
    }
}
