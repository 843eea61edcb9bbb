package io.aigov.evaluation.engine;

import java.util.List;

import io.aigov.evaluation.model.Approach;
import io.aigov.evaluation.model.Exposure;
import io.aigov.evaluation.model.FiredRule;
import io.aigov.evaluation.model.Scores;
import io.aigov.evaluation.model.Verdict;

/** What a ruleset decided about one use case, and which rules decided it. */
public record Decision(
        Approach approach,
        boolean ragRecommended,
        Verdict verdict,
        Scores scores,
        List<Exposure> exposures,
        List<FiredRule> firedRules,
        List<String> warnings,
        String rulesetVersion) {
}
