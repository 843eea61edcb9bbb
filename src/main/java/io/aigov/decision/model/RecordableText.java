package io.aigov.decision.model;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What text rules may write and what a rule file may hold: everything they produce ends up in the
 * audit trail (PostgreSQL jsonb, which refuses U+0000) and in front of a reviewer, so it holds no
 * control characters but tab, line feed and carriage return, no half of a surrogate pair (stored, it
 * would silently become '?', and the record would no longer match its hash), and no bidirectional
 * formatting characters, which make text read differently from what it is ("Trojan Source").
 */
public final class RecordableText {

    /** How much of a rule's text a message quotes: enough to recognise it, never a whole file. */
    private static final int QUOTED = 80;

    private RecordableText() {
    }

    /** The offset of the first character such text may not hold, if any. */
    public static OptionalInt firstRefused(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= ' ' && c < '\u007F') {
                // Printable ASCII, nearly all of what rules write: every engine decision checks each of its texts.
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (refused(c)) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }

    /** The first character the text may not hold, described ({@link #describe}); empty when it holds none. */
    public static Optional<String> refusedCharacterIn(CharSequence text) {
        OptionalInt at = firstRefused(text);
        return at.isEmpty() ? Optional.empty() : Optional.of(describe(text.charAt(at.getAsInt())));
    }

    /** Why the text cannot be recorded, naming the character and where it is; empty when it can. */
    public static Optional<String> problemIn(CharSequence text) {
        OptionalInt at = firstRefused(text);
        return at.isEmpty() ? Optional.empty() : Optional.of(describe(text.charAt(at.getAsInt())) + " at position " + at.getAsInt());
    }

    /** The character, as a message names it: its code point and what kind of character it is. */
    public static String describe(char c) {
        String kind = Character.isSurrogate(c) ? "half of a surrogate pair"
                : Character.isISOControl(c) ? "a control character" : "a bidirectional formatting character";
        return String.format(Locale.ROOT, "U+%04X (%s)", (int) c, kind);
    }

    /**
     * Text rules gave, as a message may quote it: refused characters written as escapes, and cut
     * short, so a message about bad text never carries it along.
     */
    public static String quoted(String text) {
        StringBuilder quoted = new StringBuilder("'");
        for (int i = 0; i < text.length() && i < QUOTED; i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
            if (paired) {
                quoted.append(c).append(text.charAt(++i));
            } else if (refused(c) || c == '\t' || c == '\n' || c == '\r') {
                quoted.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append(text.length() > QUOTED ? "...'" : "'").toString();
    }

    /**
     * The text with each character it may not hold written as an escape ({@code \u0000}): for
     * messages that may repeat what a parser read or a rule gave, so they can always be recorded.
     */
    public static String escaped(String text) {
        if (firstRefused(text).isEmpty()) {
            return text;
        }
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                escaped.append(c).append(text.charAt(++i));
            } else if (refused(c)) {
                escaped.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /**
     * The text with every character that could hide or reorder what it says written as {@code \\uXXXX}:
     * control characters (line breaks and NUL among them), bidirectional and other invisible format
     * characters (U+202E), line and paragraph separators, lone surrogates, and the backslash itself, so
     * the escaped text reads one way only. For names that come from a folder or a request and are
     * shown, logged and stored in problems; stricter than {@link #escaped}, which keeps a message's
     * line breaks and what else it may hold as it is.
     */
    public static String unambiguous(String text) {
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

    private static boolean refused(char c) {
        return Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r'
                || Character.isSurrogate(c)
                || bidirectionalFormatting(c);
    }

    /** The marks, embeddings, overrides and isolates of Unicode's bidirectional algorithm (UAX #9). */
    private static boolean bidirectionalFormatting(char c) {
        return c == '\u061C' || c == '\u200E' || c == '\u200F' || c >= '\u202A' && c <= '\u202E' || c >= '\u2066' && c <= '\u2069';
    }
}
