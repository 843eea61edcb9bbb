package io.aigov.shared;

import java.util.Arrays;
import java.util.function.Function;

/** Values as a person or a client sends them in a query or a form, where blank means not given. */
public final class SentValues {

    private SentValues() {
    }

    /** The value without surrounding white space, or null when it is absent or blank. */
    public static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /**
     * An enum constant by its exact name, or null when the value is absent or blank.
     *
     * @param refusal what is thrown for any other value, given a message that lists the constants
     */
    public static <E extends Enum<E>> E choice(String value, Class<E> type, Function<String, RuntimeException> refusal) {
        String name = blankToNull(value);
        if (name == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw refusal.apply("must be one of " + Arrays.toString(type.getEnumConstants()) + ", not '" + value + "'");
        }
    }
}
