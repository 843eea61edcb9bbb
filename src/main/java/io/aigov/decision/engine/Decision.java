package io.aigov.decision.engine;

import java.util.List;

import io.aigov.decision.model.Approach;
import io.aigov.decision.model.Exposure;
import io.aigov.decision.model.FiredRule;
import io.aigov.decision.model.Scores;
import io.aigov.decision.model.Verdict;

/**
 * What a ruleset decided about one use case, and which rules decided it. One the engine makes holds
 * only text a record can keep ({@link io.aigov.decision.model.RecordableText}) and finite scores: the
 * assessment refuses anything else as the rules write it, and a ruleset its rule names, files and
 * version when it is built, so the decision is not checked again before it is recorded.
 */
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
