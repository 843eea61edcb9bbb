package io.aigov.api.rest;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** Path identifiers checked strictly: {@link UUID#fromString} would accept "1-1-1-1-1". */
public final class Identifiers {

    private static final Pattern CANONICAL_UUID = Pattern
            .compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Identifiers() {
    }

    /** The identifier, or a 400 naming the parameter when it is no UUID. */
    public static UUID uuid(String name, String value) {
        return parse(value).orElseThrow(
                () -> Problems.invalidParameter(name, "path", "must be a UUID such as 3f2b8c1e-5d4a-4e2b-9c1d-7a6b5c4d3e2f"));
    }

    /** The identifier, or none when it is no UUID: for a page, where an id that is none names nothing either. */
    public static Optional<UUID> parse(String value) {
        return value != null && CANONICAL_UUID.matcher(value).matches() ? Optional.of(UUID.fromString(value.toLowerCase(Locale.ROOT)))
                : Optional.empty();
    }
}
