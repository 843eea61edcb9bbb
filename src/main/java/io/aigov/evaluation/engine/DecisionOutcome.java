package io.aigov.evaluation.engine;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.aigov.evaluation.model.Approach;
import io.aigov.evaluation.model.Exposure;
import io.aigov.evaluation.model.ExposureLevel;
import io.aigov.evaluation.model.Regime;
import io.aigov.evaluation.model.Verdict;

/**
 * What a decision comes to, without its explanation: enough to tell whether a ruleset decides a
 * use case differently from another.
 */
public record DecisionOutcome(Approach approach, Verdict verdict, Set<ExposureLevelView> exposures) {

    public record ExposureLevelView(Regime regime, ExposureLevel level) {
    }

    public static DecisionOutcome of(Approach approach, Verdict verdict, List<Exposure> exposures) {
        return new DecisionOutcome(approach, verdict,
                exposures.stream().map(e -> new ExposureLevelView(e.regime(), e.level())).collect(Collectors.toSet()));
    }

    public static DecisionOutcome of(Decision decision) {
        return of(decision.approach(), decision.verdict(), decision.exposures());
    }
}
