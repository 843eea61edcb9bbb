package io.aigov.decision.safety;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The static type of an expression in rule code, as far as the safety check needs it to decide
 * which methods may be called: a Java type of the vocabulary, a type declared in the rules, or the
 * null literal. Generic type arguments are not tracked; no allowed method depends on them.
 */
sealed interface RuleType {

    RuleType BOOLEAN = new Java(boolean.class);
    RuleType INT = new Java(int.class);
    RuleType LONG = new Java(long.class);
    RuleType DOUBLE = new Java(double.class);
    RuleType CHAR = new Java(char.class);
    RuleType STRING = new Java(String.class);

    String describe();

    /** A class or primitive type. */
    record Java(Class<?> type) implements RuleType {

        private static final Map<Class<?>, Class<?>> BOXES = Map.of(Integer.class, int.class, Long.class, long.class,
                Double.class, double.class, Boolean.class, boolean.class, Character.class, char.class);

        /** The primitive this type is or unboxes to, or null. */
        Class<?> primitive() {
            return type.isPrimitive() ? type : BOXES.get(type);
        }

        boolean numeric() {
            Class<?> primitive = primitive();
            return primitive == int.class || primitive == long.class || primitive == double.class || primitive == char.class;
        }

        boolean bool() {
            return primitive() == boolean.class;
        }

        /**
         * Whether turning a value of this type into text can only depend on the value itself: never on
         * an identity hash code (Object.toString) or on an iteration order that changes between runs.
         */
        boolean printable() {
            return primitive() != null || type == String.class || type == LocalDate.class
                    || type.isEnum() && RuleVocabulary.MODEL_ENUMS.contains(type);
        }

        boolean list() {
            return List.class.isAssignableFrom(type);
        }

        boolean set() {
            return Set.class.isAssignableFrom(type);
        }

        @Override
        public String describe() {
            return type.getSimpleName();
        }
    }

    /** A fact type declared in the rules with {@code declare}. */
    record Declared(String name, LinkedHashMap<String, RuleType> fields) implements RuleType {

        @Override
        public String describe() {
            return name;
        }
    }

    /** The type of {@code null}. */
    enum Null implements RuleType {
        NULL;

        @Override
        public String describe() {
            return "null";
        }
    }

    static RuleType of(Class<?> type) {
        return new Java(type);
    }

    /** Binary numeric promotion (JLS 5.6.2), for arithmetic on numbers. */
    static RuleType promote(Java left, Java right) {
        if (left.primitive() == double.class || right.primitive() == double.class) {
            return DOUBLE;
        }
        if (left.primitive() == long.class || right.primitive() == long.class) {
            return LONG;
        }
        return INT;
    }
}
