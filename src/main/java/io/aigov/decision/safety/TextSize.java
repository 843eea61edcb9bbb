package io.aigov.decision.safety;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongBinaryOperator;

import io.aigov.decision.model.Assessment;

/**
 * An upper bound on the text a value can turn into, worked out from the rule code alone: the
 * characters, and for a list or set the elements. Rules cannot loop, but each statement, format or
 * function call can copy what the one before built ({@code s = s + s}); bounding every text the
 * code can build keeps a consequence from filling the heap between two deadline checks.
 *
 * <p>Inside a function the bound depends on the arguments, so each bound is a {@link Bound}: a
 * number plus multiples of the sizes of the function's text and list parameters. A function's body
 * is gone through once, whatever it is called with, and each call puts its arguments' sizes in;
 * working it out again for each set of arguments made the check exponential in the depth of calls.
 *
 * @param chars    characters of the value's text (for a list or set, of all its elements)
 * @param elements elements of a list or set; 1 for anything else
 */
record TextSize(Bound chars, Bound elements) {

    /** The longest text the fact model holds: a use case's description. */
    static final long LONGEST_INPUT = 10_000;
    /** The longest text rule code may build in one expression. */
    static final long LIMIT = 100_000;

    static final TextSize NONE = new TextSize(Bound.ZERO, Bound.ZERO);
    private static final TextSize NUMBER = of(25);
    private static final TextSize BOOLEAN = of(5);
    private static final TextSize DATE = of(LocalDate.MIN.toString().length());
    /** Far above any limit, low enough that adding and multiplying never overflows. */
    static final long SATURATED = 1L << 40;

    static TextSize of(long chars) {
        return text(Bound.of(chars));
    }

    /** A text (one element) of this many characters. */
    static TextSize text(Bound chars) {
        return new TextSize(chars, Bound.of(1));
    }

    /** The size of a function's parameter, by its position: unknown until the function is called. */
    static TextSize parameter(int index) {
        return new TextSize(Bound.variable(2 * index), Bound.variable(2 * index + 1));
    }

    TextSize plus(TextSize other) {
        return new TextSize(chars.plus(other.chars), elements.plus(other.elements));
    }

    TextSize max(TextSize other) {
        return new TextSize(chars.max(other.chars), elements.max(other.elements));
    }

    /** {@code count} copies of this text, as a join separator is copied between elements. */
    TextSize times(Bound count) {
        return text(chars.times(count));
    }

    /** Whether this text is longer than the limit whatever the arguments: it is already without them. */
    boolean exceedsLimit() {
        return chars.least() > LIMIT;
    }

    /** This size with the parameters of a function replaced by the sizes of the arguments of a call. */
    TextSize given(List<TextSize> arguments) {
        return new TextSize(chars.given(arguments), elements.given(arguments));
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
            return new TextSize(Bound.of(Assessment.MAX_TEXT), Bound.of(Assessment.MAX_TEXT));
        }
        return NONE;
    }

    /** Whether a parameter of this type has a size that depends on the call: text, lists and sets. */
    static boolean dependsOnCall(RuleType type) {
        return type instanceof RuleType.Java java && (java.type() == String.class || java.list() || java.set());
    }

    /**
     * A number that may depend on the sizes of a function's parameters: {@code least} plus, for
     * each variable (a parameter's characters at {@code 2i}, its elements at {@code 2i + 1}), a
     * multiple of it. Every term is zero or more, so {@code least} is the smallest it can be, and
     * adding the multiples term by term bounds the larger of two.
     */
    record Bound(long least, long[] multiples) {

        static final Bound ZERO = new Bound(0, new long[0]);

        static Bound of(long number) {
            return new Bound(saturated(number), new long[0]);
        }

        static Bound variable(int index) {
            long[] multiples = new long[index + 1];
            multiples[index] = 1;
            return new Bound(0, multiples);
        }

        boolean isNumber() {
            return Arrays.stream(multiples).allMatch(multiple -> multiple == 0);
        }

        Bound plus(Bound other) {
            return combine(other, Bound::sum);
        }

        Bound max(Bound other) {
            return combine(other, Math::max);
        }

        /**
         * The product, as a bound: exact when either side is a number; when both depend on the call
         * (a separator and a list that are both parameters) nothing smaller than everything is known.
         */
        Bound times(Bound other) {
            if (other.isNumber()) {
                return scaled(other.least);
            }
            if (isNumber()) {
                return other.scaled(least);
            }
            return of(SATURATED);
        }

        Bound given(List<TextSize> arguments) {
            Bound given = of(least);
            for (int i = 0; i < multiples.length; i++) {
                if (multiples[i] != 0) {
                    TextSize argument = arguments.get(i / 2);
                    given = given.plus((i % 2 == 0 ? argument.chars : argument.elements).scaled(multiples[i]));
                }
            }
            return given;
        }

        private Bound scaled(long factor) {
            long[] scaled = new long[multiples.length];
            for (int i = 0; i < multiples.length; i++) {
                scaled[i] = product(multiples[i], factor);
            }
            return new Bound(product(least, factor), scaled);
        }

        private Bound combine(Bound other, LongBinaryOperator operation) {
            long[] combined = new long[Math.max(multiples.length, other.multiples.length)];
            for (int i = 0; i < combined.length; i++) {
                combined[i] = saturated(operation.applyAsLong(i < multiples.length ? multiples[i] : 0,
                        i < other.multiples.length ? other.multiples[i] : 0));
            }
            return new Bound(saturated(operation.applyAsLong(least, other.least)), combined);
        }

        private static long sum(long a, long b) {
            return Math.min(a + b, SATURATED);
        }

        private static long product(long a, long b) {
            return a == 0 || b == 0 ? 0 : a > SATURATED / b ? SATURATED : Math.min(a * b, SATURATED);
        }

        private static long saturated(long number) {
            return Math.min(number, SATURATED);
        }

        @Override
        public String toString() {
            return isNumber() ? Long.toString(least) : least + " + " + Arrays.toString(multiples);
        }
    }
}
