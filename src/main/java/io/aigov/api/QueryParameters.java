package io.aigov.api;

/**
 * Query parameters read as text, because JAX-RS answers 404 to one it cannot convert; here a bad
 * value is a 400 that names the parameter.
 */
public final class QueryParameters {

    private QueryParameters() {
    }

    public static int intInRange(String name, String value, int min, int max) {
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below, like a value out of range
        }
        throw Problems.invalidParameter(name, "query", "must be a whole number from " + min
                + (max == Integer.MAX_VALUE ? " up" : " to " + max) + ", not '" + value + "'");
    }
}
