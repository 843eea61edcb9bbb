package io.aigov.decision.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.aigov.decision.explain.Breakpoints.Breakpoint;
import io.aigov.decision.explain.Breakpoints.Turn;
import io.aigov.decision.rulefile.RuleFile;
import io.aigov.decision.ruleset.Ruleset;
import io.aigov.decision.ruleset.RulesetCompiler;
import io.aigov.decision.ruleset.RulesetSource;

/** Where the search looks first: read from the rule files, with each comparison's side and each choice the rules name. */
class BreakpointsTest {

    private static final Ruleset SHIPPED = RulesetCompiler.compile(RulesetSource.fromDirectory(Path.of("rules")), "rules");

    @Test
    void aComparisonTurnsBelowItsValueForAtLeastAndLessThanAndAboveItForMoreThanAndAtMost() {
        // latencyBudgetMs <= latency.fineTuning.maxMs (200), latencyBudgetMs >= latency.prompting.minMs (2000)
        assertEquals(List.of(new Breakpoint(200, true, Set.of(Turn.ABOVE)), new Breakpoint(2000, true, Set.of(Turn.BELOW))),
                Breakpoints.of(SHIPPED).near("latencyBudgetMs"));
        // dailyRequestVolume < volume.prompting.max (10,000), dailyRequestVolume > volume.fineTuning.min (50,000)
        assertEquals(List.of(new Breakpoint(10_000, true, Set.of(Turn.BELOW)), new Breakpoint(50_000, true, Set.of(Turn.ABOVE))),
                Breakpoints.of(SHIPPED).near("dailyRequestVolume"));
    }

    @Test
    void aComparandOfThresholdsCombinedByArithmeticIsTheValueItComesTo() {
        // timeToProductionWeeks < timeline.fineTuning.minWeeks * (1 + timeline.buffer): 2 weeks plus 40%
        assertEquals(List.of(new Breakpoint(2.8, true, Set.of(Turn.BELOW))), Breakpoints.of(SHIPPED).near("timeToProductionWeeks"));
    }

    @Test
    void aComparandWithAnythingButNumbersAndArithmeticIsLeftToNarrowingDown() {
        Ruleset ruleset = withRules("""
                rule "weeks"
                when
                    $t : Thresholds()
                    UseCase( timeToProductionWeeks < $t.number("timeline.fineTuning.minWeeks") * Math.max(1, 3) )
                    UseCase( stableMonths < $t.number("stability.fineTuning.minMonths") * (1 + $t.number("no.such.threshold")) )
                then
                end
                """);
        // Only about the thresholds named: the turning point itself is for the search to find.
        assertEquals(List.of(new Breakpoint(1, false, Set.of(Turn.BELOW, Turn.ABOVE)), new Breakpoint(2, false, Set.of(Turn.BELOW, Turn.ABOVE)),
                new Breakpoint(3, false, Set.of(Turn.BELOW, Turn.ABOVE))), Breakpoints.of(ruleset).near("timeToProductionWeeks"));
        assertEquals(List.of(new Breakpoint(1, false, Set.of(Turn.BELOW, Turn.ABOVE)), new Breakpoint(3, false, Set.of(Turn.BELOW, Turn.ABOVE))),
                Breakpoints.of(ruleset).near("stableMonths"));
    }

    @Test
    void theChoicesTheRulesCanTellApartAreThoseTheirFilesName() {
        Breakpoints shipped = Breakpoints.of(SHIPPED);
        assertTrue(shipped.names("EMPLOYMENT"));
        assertTrue(shipped.names("LAW_ENFORCEMENT"));
        assertFalse(shipped.names("CUSTOMER_SERVICE"));
        assertFalse(shipped.names("EMPLOY"), "a word, not part of one");
    }

    private static Ruleset withRules(String drl) {
        return new Ruleset("breakpoints-" + drl.hashCode(), "test", List.of(new RuleFile("weeks.drl", drl)), SHIPPED.kieBase(),
                SHIPPED.thresholds(), SHIPPED.declarations(), Map.of());
    }
}
