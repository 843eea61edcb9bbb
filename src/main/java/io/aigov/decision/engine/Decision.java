package io.aigov.decision.engine;

import java.util.List;

import io.aigov.decision.model.Approach;
import io.aigov.decision.model.Exposure;
import io.aigov.decision.model.FiredRule;
import io.aigov.decision.model.Scores;
import io.aigov.decision.model.Verdict;

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
