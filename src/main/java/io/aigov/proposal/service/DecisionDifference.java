package io.aigov.proposal.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.aigov.decision.engine.Decision;
import io.aigov.decision.model.Exposure;

/**
 * What a re-decision changed for a use case in use, spelled out for the board: the approach, the
 * verdict, each regime's exposure level, and each obligation added or removed. Nothing else
 * (scores, reasons, warnings) reopens an approval.
 */
final class DecisionDifference {

    private DecisionDifference() {
    }

    /** A changed approach or verdict: what flags an open proposal for the board. */
    static List<String> ofOutcome(Decision before, Decision after) {
        List<String> changes = new ArrayList<>();
        if (before.approach() != after.approach()) {
            changes.add("approach " + before.approach() + " -> " + after.approach());
        }
        if (before.verdict() != after.verdict()) {
            changes.add("verdict " + before.verdict() + " -> " + after.verdict());
        }
        return changes;
    }

    /** The changes from one decision to the other, in that order; empty when none matters. */
    static List<String> between(Decision before, Decision after) {
        List<String> changes = ofOutcome(before, after);
        Map<String, Exposure> was = byRegime(before.exposures());
        Map<String, Exposure> now = byRegime(after.exposures());
        Set<String> regimes = new LinkedHashSet<>(was.keySet());
        regimes.addAll(now.keySet());
        for (String regime : regimes) {
            Exposure earlier = was.get(regime);
            Exposure later = now.get(regime);
            if (earlier == null) {
                changes.add(regime + " exposure added: " + later.level());
            } else if (later == null) {
                changes.add(regime + " exposure removed (was " + earlier.level() + ")");
            } else if (earlier.level() != later.level()) {
                changes.add(regime + " " + earlier.level() + " -> " + later.level());
            }
            List<String> earlierObligations = earlier == null ? List.of() : earlier.obligations();
            List<String> laterObligations = later == null ? List.of() : later.obligations();
            for (String obligation : laterObligations) {
                if (!earlierObligations.contains(obligation)) {
                    changes.add(regime + " obligation added: " + obligation);
                }
            }
            for (String obligation : earlierObligations) {
                if (!laterObligations.contains(obligation)) {
                    changes.add(regime + " obligation removed: " + obligation);
                }
            }
        }
        return changes;
    }

    private static Map<String, Exposure> byRegime(List<Exposure> exposures) {
        Map<String, Exposure> byRegime = new LinkedHashMap<>();
        for (Exposure exposure : exposures) {
            byRegime.putIfAbsent(exposure.regime(), exposure);
        }
        return byRegime;
    }
}
