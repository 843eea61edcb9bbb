package io.aigov.audit.rest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.stream.Collectors;

import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import io.aigov.api.rest.Problems;
import io.aigov.api.rest.QueryParameters;
import io.aigov.audit.AuditKind;
import io.aigov.audit.AuditQuery;
import io.aigov.audit.RegimeCodes;
import io.aigov.decision.model.Approach;
import io.aigov.decision.model.ExposureLevel;
import io.aigov.decision.model.Verdict;

/** The audit filters shared by the API's search and export and the console's audit pages, as query parameters. */
public class AuditFilters {

    @QueryParam("kind") @Parameter(description = "EVALUATION, BOARD_DECISION, RULESET_EVENT or USER_EVENT (default: any)")
    String kind;
    @QueryParam("from") @Parameter(description = "Evaluated at or after: 2026-11-27 or 2026-11-27T10:00:00Z")
    String from;
    @QueryParam("to") @Parameter(description = "Evaluated before: a date (its start) or an instant")
    String to;
    @QueryParam("approach") @Parameter(description = "PROMPTING, FINE_TUNING or HYBRID")
    String approach;
    @QueryParam("verdict") @Parameter(description = "ALLOWED, BOARD_REVIEW or PROHIBITED")
    String verdict;
    @QueryParam("regime") @Parameter(description = "A regime's code as the rules declare it: EU_AI_ACT, HIPAA, SOX, NYC_LL144, ...")
    String regime;
    @QueryParam("level") @Parameter(description = "PROHIBITED, HIGH, LIMITED or MINIMAL")
    String level;
    @QueryParam("rule") @Parameter(description = "A rule that fired, by name")
    String rule;
    @QueryParam("rulesetVersion") @Parameter(description = "The ruleset version that decided")
    String rulesetVersion;
    @QueryParam("requestedBy") @Parameter(description = "Who asked")
    String requestedBy;
    @QueryParam("q") @Parameter(description = "Text in the use case's name or description, any case")
    String q;

    /** The filters given, by parameter name, to show them again and to carry them to an export. */
    public Map<String, String> given() {
        Map<String, String> given = new LinkedHashMap<>();
        String[][] pairs = { { "kind", kind }, { "from", from }, { "to", to }, { "approach", approach }, { "verdict", verdict },
                { "regime", regime }, { "level", level }, { "rule", rule }, { "rulesetVersion", rulesetVersion },
                { "requestedBy", requestedBy }, { "q", q } };
        for (String[] pair : pairs) {
            if (QueryParameters.blankToNull(pair[1]) != null) {
                given.put(pair[0], pair[1].strip());
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
     * The query these filters stand for; an invalid value is refused with a problem naming its
     * parameter.
     *
     * @param regimes the regimes records can name, those of the rules that serve and that served before
     */
    public AuditQuery toQuery(RegimeCodes regimes) {
        return new AuditQuery(QueryParameters.choice("kind", kind, AuditKind.class), instant("from", from), instant("to", to), QueryParameters.choice("approach", approach, Approach.class),
                QueryParameters.choice("verdict", verdict, Verdict.class), regime(regime, regimes),
                QueryParameters.choice("level", level, ExposureLevel.class), QueryParameters.blankToNull(rule), QueryParameters.blankToNull(rulesetVersion),
                QueryParameters.blankToNull(requestedBy), QueryParameters.blankToNull(q));
    }

    /** A regime's code: any that rules which serve or served declare, so an older record's regime can still be searched for. */
    private static String regime(String value, RegimeCodes regimes) {
        String code = QueryParameters.blankToNull(value);
        if (code == null) {
            return null;
        }
        SortedSet<String> known = regimes.known();
        if (!known.contains(code.strip())) {
            throw Problems.invalidParameter("regime", "query", "must be a regime the rules declare or declared (" + String.join(", ", known)
                    + "), not '" + value + "'");
        }
        return code.strip();
    }

    private static Instant instant(String name, String value) {
        if (QueryParameters.blankToNull(value) == null) {
            return null;
        }
        try {
            return value.contains("T") ? Instant.parse(value) : LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw Problems.invalidParameter(name, "query", "must be a date like 2026-11-27 or an instant like 2026-11-27T10:00:00Z, not '" + value + "'");
        }
    }
}
