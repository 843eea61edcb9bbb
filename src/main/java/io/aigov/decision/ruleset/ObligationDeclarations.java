package io.aigov.decision.ruleset;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.aigov.decision.model.Declarations;
import io.aigov.decision.rulefile.RuleProblem;
import io.aigov.decision.ruleset.ThresholdsParser.Located;

/**
 * The obligations a ruleset's packs declare ({@code obligation.<id>.<attribute>} keys, each checked
 * on its own by {@link ThresholdsParser#valueProblem}), checked together: a regime the ruleset
 * declares, a title and a citation, and the date it applies from as a date or a date of the
 * thresholds.
 */
final class ObligationDeclarations {

    private ObligationDeclarations() {
    }

    /**
     * @param declared each obligation's attributes by id, as read
     * @param codes    the ruleset's other declarations, for the regimes
     * @param dates    the thresholds' dates by key, for an obligation that applies from one of them
     * @param keys     every key the ruleset sets, valid or not: a date of the thresholds that is wrong is reported as such, once
     */
    static List<Declarations.DeclaredObligation> of(Map<String, Map<String, Located>> declared,
            Map<String, Map<String, Map<String, Located>>> codes, Map<String, LocalDate> dates, Set<String> keys, List<RuleProblem> problems) {
        List<Declarations.DeclaredObligation> obligations = new ArrayList<>();
        declared.forEach((id, attributes) -> {
            Located any = attributes.values().iterator().next();
            String prefix = "obligation." + id + ".";
            Located regime = attributes.get("regime");
            Located title = attributes.get("title");
            Located citation = attributes.get("citation");
            for (String required : List.of("regime", "title", "citation")) {
                if (!attributes.containsKey(required)) {
                    problems.add(any.problem(prefix + required + " is missing: an obligation needs it"));
                }
            }
            if (regime == null || title == null || citation == null) {
                return;
            }
            if (!codes.getOrDefault("regime", Map.of()).containsKey(regime.value())) {
                problems.add(regime.problem(regime.key() + " names " + regime.value() + ", which no pack declares as a regime"));
                return;
            }
            Located appliesFrom = attributes.get("appliesFrom");
            LocalDate from = null;
            if (appliesFrom != null) {
                from = dates.get(appliesFrom.value());
                if (from == null && keys.contains(appliesFrom.value())) {
                    // The date it names is set, and refused where it is set.
                    return;
                }
                if (from == null) {
                    try {
                        from = LocalDate.parse(appliesFrom.value());
                    } catch (DateTimeParseException e) {
                        problems.add(appliesFrom.problem(appliesFrom.key() + " = " + appliesFrom.value()
                                + " is neither a date like 2027-01-01 nor a date of the thresholds (a key ending in .date)"));
                        return;
                    }
                }
            }
            Located recurrence = attributes.get("recurrenceMonths");
            Located evidence = attributes.get("evidence");
            Set<Declarations.EvidenceKind> kinds = EnumSet.noneOf(Declarations.EvidenceKind.class);
            if (evidence != null) {
                Arrays.stream(evidence.value().split("\\s*,\\s*")).forEach(kind -> kinds.add(Declarations.EvidenceKind.valueOf(kind)));
            }
            obligations.add(new Declarations.DeclaredObligation(id, any.pack(), regime.value(), title.value(), citation.value(),
                    appliesFrom == null ? null : appliesFrom.value(), from,
                    recurrence == null ? null : Integer.valueOf(recurrence.value()), kinds));
        });
        return obligations;
    }
}
