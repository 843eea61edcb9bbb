package io.aigov.console.rest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import io.quarkus.qute.TemplateExtension;

/**
 * How the console's pages say codes and times to people: {@code {verdict.words}} for "Board review"
 * instead of BOARD_REVIEW, {@code {record.evaluatedAt.shown}} for a time to the second. The API keeps
 * the codes and the full precision.
 */
@TemplateExtension
public final class ConsoleWords {

    private static final DateTimeFormatter TO_THE_SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private ConsoleWords() {
    }

    /** A constant's name as words: FINE_TUNING is "Fine tuning". Regimes are codes of the rules, shown by their declared titles instead. */
    static String words(Enum<?> constant) {
        return words(constant.name());
    }

    /** A code as words, the same way: HYBRID is "Hybrid". */
    static String words(String code) {
        if (code == null || code.isEmpty()) {
            return "";
        }
        String lower = code.toLowerCase(Locale.ROOT).replace('_', ' ');
        return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
    }

    /** A value as a link's query carries it. */
    static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** How long ago a moment was, in whole days: "today", "1 day", "12 days". */
    static String age(Instant since) {
        long days = Duration.between(since, Instant.now()).toDays();
        return days <= 0 ? "today" : days == 1 ? "1 day" : days + " days";
    }

    /** A moment to the second, in UTC; the console's script then shows it in the viewer's time zone (tags/when.html). */
    static String shown(Instant moment) {
        return TO_THE_SECOND.format(moment);
    }
}
