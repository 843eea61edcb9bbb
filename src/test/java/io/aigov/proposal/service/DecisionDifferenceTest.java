package io.aigov.proposal.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.aigov.decision.engine.Decision;
import io.aigov.decision.model.Approach;
import io.aigov.decision.model.Exposure;
import io.aigov.decision.model.ExposureLevel;
import io.aigov.decision.model.FiredRule;
import io.aigov.decision.model.Scores;
import io.aigov.decision.model.Verdict;

/** What a re-decision changed, as the board reads it: approach, verdict, levels and obligations; nothing else. */
class DecisionDifferenceTest {

    @Test
    void theApproachVerdictEachLevelAndEachObligationAddedOrRemovedAreSpelledOut() {
        Decision before = decision(Approach.PROMPTING, Verdict.ALLOWED, List.of(
                new Exposure("EU_AI_ACT", ExposureLevel.LIMITED, List.of("Art. 50: tell people they talk to an AI")),
                new Exposure("SOX", ExposureLevel.HIGH, List.of("ICFR controls"))));
        Decision after = decision(Approach.FINE_TUNING, Verdict.PROHIBITED, List.of(
                new Exposure("EU_AI_ACT", ExposureLevel.HIGH, List.of("Art. 9 risk management")),
                new Exposure("HIPAA", ExposureLevel.HIGH, List.of())));

        assertEquals(List.of(
                "approach PROMPTING -> FINE_TUNING",
                "verdict ALLOWED -> PROHIBITED",
                "EU_AI_ACT LIMITED -> HIGH",
                "EU_AI_ACT obligation added: Art. 9 risk management",
                "EU_AI_ACT obligation removed: Art. 50: tell people they talk to an AI",
                "SOX exposure removed (was HIGH)",
                "SOX obligation removed: ICFR controls",
                "HIPAA exposure added: HIGH"), DecisionDifference.between(before, after));
    }

    @Test
    void scoresReasonsWarningsAndTheRulesetVersionChangeNothingThatMatters() {
        List<Exposure> exposures = List.of(new Exposure("EU_AI_ACT", ExposureLevel.MINIMAL, List.of()));
        Decision before = decision(Approach.HYBRID, Verdict.ALLOWED, exposures);
        Decision after = new Decision(Approach.HYBRID, true, Verdict.ALLOWED, new Scores(9, 1), exposures,
                List.of(new FiredRule("another rule", "other.drl", "another reason")), List.of("a new warning"), "v2");
        assertEquals(List.of(), DecisionDifference.between(before, after));
    }

    private static Decision decision(Approach approach, Verdict verdict, List<Exposure> exposures) {
        return new Decision(approach, false, verdict, new Scores(1, 2), exposures, List.of(), List.of(), "v1");
    }
}
