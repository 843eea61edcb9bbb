package io.aigov.audit;

import static io.aigov.shared.SentValues.blankToNull;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import io.aigov.decision.model.Approach;
import io.aigov.decision.model.ExposureLevel;
import io.aigov.decision.model.Verdict;
import io.aigov.shared.SentValues;

/**
 * The audit search's filters as they were asked for, by name, each as text (null when not given):
 * the API's search and export and the console's audit pages read them alike.
 */
public record AuditFilters(String kind, String from, String to, String approach, String verdict, String regime, String level,
        String rule, String rulesetVersion, String requestedBy, String q) {

    /** The filters' names, in the order they are shown and carried on. */
    public static final String[] NAMES = { "kind", "from", "to", "approach", "verdict", "regime", "level", "rule", "rulesetVersion",
            "requestedBy", "q" };

    /** The filters a request gives, looked up by name. */
    public static AuditFilters of(UnaryOperator<String> given) {
        return new AuditFilters(given.apply("kind"), given.apply("from"), given.apply("to"), given.apply("approach"),
                given.apply("verdict"), given.apply("regime"), given.apply("level"), given.apply("rule"), given.apply("rulesetVersion"),
                given.apply("requestedBy"), given.apply("q"));
    }

    /** The filters given, by name, to show them again and to carry them to an export. */
    public Map<String, String> given() {
        String[] values = { kind, from, to, approach, verdict, regime, level, rule, rulesetVersion, requestedBy, q };
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i < NAMES.length; i++) {
            if (blankToNull(values[i]) != null) {
                given.put(NAMES[i], values[i].strip());
            }
        }
        return given;
    }

    /** The filters given as a URL query string (without the question mark). */
    public String queryString() {
        return given().entrySet().stream()
                .map(filter -> URLEncoder.encode(filter.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(filter.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /**
     * The query these filters stand for.
     *
     * @param regimes the regimes records can name, those of the rules that serve and that served before
     * @throws InvalidAuditFilterException naming the first filter whose value cannot be read
     */
    public AuditQuery toQuery(RegimeCodes regimes) {
        return new AuditQuery(choice("kind", kind, AuditKind.class), instant("from", from), instant("to", to),
                choice("approach", approach, Approach.class), choice("verdict", verdict, Verdict.class), regime(regime, regimes),
                choice("level", level, ExposureLevel.class), blankToNull(rule), blankToNull(rulesetVersion), blankToNull(requestedBy),
                blankToNull(q));
    }

    /** A regime's code: any that rules which serve or served declare, so an older record's regime can still be searched for. */
    private static String regime(String value, RegimeCodes regimes) {
        String code = blankToNull(value);
        if (code == null) {
            return null;
        }
        SortedSet<String> known = regimes.known();
        if (!known.contains(code)) {
            throw new InvalidAuditFilterException("regime",
                    "must be a regime the rules declare or declared (" + String.join(", ", known) + "), not '" + value + "'");
        }
        return code;
    }

    private static Instant instant(String name, String value) {
        if (blankToNull(value) == null) {
            return null;
        }
        try {
            return value.contains("T") ? Instant.parse(value) : LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidAuditFilterException(name,
                    "must be a date like 2026-11-27 or an instant like 2026-11-27T10:00:00Z, not '" + value + "'");
        }
    }

    /** An enum constant by its exact name, or null when the filter is absent or blank. */
    private static <E extends Enum<E>> E choice(String name, String value, Class<E> type) {
        return SentValues.choice(value, type, message -> new InvalidAuditFilterException(name, message));
    }
}
