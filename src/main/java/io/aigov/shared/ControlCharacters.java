package io.aigov.shared;

import java.util.Locale;
import java.util.Optional;

/**
 * Control characters other than tab, line feed and carriage return are refused in any text the
 * service keeps: NUL cannot be stored in PostgreSQL text at all, and the others only hide what a
 * text says from the person reading it.
 */
public final class ControlCharacters {

    private ControlCharacters() {
    }

    /** The offset of the first refused character, if any. */
    public static Optional<Integer> firstIn(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    /** Why the text is refused, or nothing when it holds no refused character. */
    public static Optional<String> problemIn(String text) {
        return firstIn(text).map(at -> String.format(Locale.ROOT,
                "must not contain control characters (U+%04X at position %d); tab, line feed and carriage return are allowed",
                (int) text.charAt(at), at));
    }
}
