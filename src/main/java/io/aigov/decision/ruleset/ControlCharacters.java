package io.aigov.decision.ruleset;

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

    /**
     * The text with every character that could hide or reorder what it says written as {@code \\uXXXX}:
     * control characters (line breaks and NUL among them), bidirectional and other invisible format
     * characters (U+202E), line and paragraph separators, lone surrogates, and the backslash itself, so
     * the escaped text reads one way only. For names that come from a folder or a request and are
     * shown, logged and stored in problems.
     */
    public static String escaped(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        text.codePoints().forEach(point -> {
            if (hides(point)) {
                for (char unit : Character.toChars(point)) {
                    escaped.append(String.format(Locale.ROOT, "\\u%04X", (int) unit));
                }
            } else {
                escaped.appendCodePoint(point);
            }
        });
        return escaped.toString();
    }

    private static boolean hides(int point) {
        int type = Character.getType(point);
        return point == '\\' || Character.isISOControl(point) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE || type == Character.UNASSIGNED
                || type == Character.PRIVATE_USE;
    }

    /** Why the text is refused, or nothing when it holds no refused character. */
    public static Optional<String> problemIn(String text) {
        return firstIn(text).map(at -> String.format(Locale.ROOT,
                "must not contain control characters (U+%04X at position %d); tab, line feed and carriage return are allowed",
                (int) text.charAt(at), at));
    }
}
