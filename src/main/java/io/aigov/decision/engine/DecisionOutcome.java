package io.aigov.decision.engine;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.aigov.decision.model.Approach;
import io.aigov.decision.model.Exposure;
import io.aigov.decision.model.ExposureLevel;
import io.aigov.decision.model.Verdict;

/**
 * What a decision comes to, without its explanation: enough to tell whether a ruleset decides a
 * use case differently from another.
 *
 * @param failure why the ruleset reached no decision (the rule and the exception type only); null when it decided
 */
public record DecisionOutcome(Approach approach, Verdict verdict, Set<ExposureLevelView> exposures,
        @JsonInclude(JsonInclude.Include.NON_NULL) String failure) {

    public record ExposureLevelView(String regime, ExposureLevel level) {
    }

    public static DecisionOutcome of(Approach approach, Verdict verdict, List<Exposure> exposures) {
        return new DecisionOutcome(approach, verdict,
                exposures.stream().map(e -> new ExposureLevelView(e.regime(), e.level())).collect(Collectors.toSet()), null);
    }

    public static DecisionOutcome of(Decision decision) {
        return of(decision.approach(), decision.verdict(), decision.exposures());
    }

    public static DecisionOutcome failed(String failure) {
        return new DecisionOutcome(null, null, Set.of(), failure);
    }
}
