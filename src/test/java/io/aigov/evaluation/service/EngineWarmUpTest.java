package io.aigov.evaluation.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.aigov.decision.engine.EvaluationLimits;
import io.aigov.decision.explain.CounterfactualSearch;
import io.aigov.decision.rulefile.RuleFile;
import io.aigov.decision.ruleset.Ruleset;
import io.aigov.decision.ruleset.RulesetCompiler;
import io.aigov.decision.ruleset.RulesetSource;

/**
 * The warm-up after a start decides every golden case of the serving rules with its search, as often
 * as it is told, and passes over a case it cannot read instead of stopping.
 */
class EngineWarmUpTest {

    @Test
    void everyGoldenCaseIsDecidedAndSearchedEachRoundAndAnUnreadableOneIsPassedOver() {
        Ruleset shipped = RulesetCompiler.compile(RulesetSource.bundled(), RulesetSource.BUNDLED);
        List<RuleFile> cases = new ArrayList<>(RulesetSource.bundledGoldenCases());
        int readable = cases.size();
        cases.add(new RuleFile("tests/broken.json", "{not a golden case"));

        int searched = EngineWarmUp.warm(shipped, cases, new EvaluationLimits(10_000, Duration.ofSeconds(10)),
                new CounterfactualSearch.Budget(200, Duration.ofSeconds(10)), 2);

        assertEquals(2 * readable, searched);
    }
}
