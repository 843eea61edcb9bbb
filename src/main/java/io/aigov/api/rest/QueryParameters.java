package io.aigov.api.rest;

import io.aigov.shared.SentValues;

/**
 * Query and form parameters read as text, because JAX-RS answers 404 to one it cannot convert; here
 * a bad value is a 400 that names the parameter.
 */
public final class QueryParameters {

    private QueryParameters() {
    }

    public static int intInRange(String name, String value, int min, int max) {
        return intInRange(name, "query", value, min, max);
    }

    /** @param in where the parameter was sent: "query" or "form" */
    public static int intInRange(String name, String in, String value, int min, int max) {
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below, like a value out of range
        }
        throw Problems.invalidParameter(name, in, "must be a whole number from " + min
                + (max == Integer.MAX_VALUE ? " up" : " to " + max) + ", not '" + value + "'");
    }

    /** As {@link #intInRange(String, String, int, int)}, or null when the parameter is absent or blank. */
    public static Integer optionalIntInRange(String name, String value, int min, int max) {
        return value == null || value.isBlank() ? null : intInRange(name, value, min, max);
    }

    /** true or false; absent or blank, false. */
    public static boolean flag(String name, String value) {
        if (value == null || value.isBlank()) {
            return false;
        }
        return switch (value.strip()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw Problems.invalidParameter(name, "query", "must be true or false, not '" + value + "'");
        };
    }

    /** An enum constant by its exact name, or null when the parameter is absent or blank. */
    public static <E extends Enum<E>> E choice(String name, String value, Class<E> type) {
        return SentValues.choice(value, type, message -> Problems.invalidParameter(name, "query", message));
    }
}
