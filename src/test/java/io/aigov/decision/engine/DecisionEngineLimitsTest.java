package io.aigov.decision.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.kie.api.KieBase;
import org.kie.api.io.ResourceType;
import org.kie.internal.utils.KieHelper;

import io.aigov.decision.model.Approach;
import io.aigov.decision.model.Consistency;
import io.aigov.decision.model.UseCase;
import io.aigov.decision.model.Vocabulary;
import io.aigov.decision.rulefile.RuleFile;
import io.aigov.decision.ruleset.Ruleset;
import io.aigov.decision.ruleset.RulesetCompiler;
import io.aigov.decision.ruleset.RulesetSource;
import io.aigov.support.RulesWithARunaway;

/** The engine's own limits, which hold even for rules that never went through the safety check, and its independence of the host. */
class DecisionEngineLimitsTest {

    private static final UseCase USE_CASE = new UseCase("x", null, 1000L, Consistency.FLEXIBLE, 10L, 1.0, 1.0, 5000L,
            Vocabulary.STANDARD, null, null, null, null, null, null, null, null, null, null, null);
    private static final Ruleset SHIPPED = RulesetCompiler.compile(RulesetSource.fromDirectory(Path.of("rules")), "rules");
    private static final EvaluationLimits LIMITS = new EvaluationLimits(10_000, Duration.ofSeconds(10));

    @Test
    void aConsequenceThatNeverReturnsIsStoppedAfterTheDeadline() throws InterruptedException {
        Ruleset ruleset = endless();

        // A deadline long enough for the rule to start firing on a busy machine (with 300 ms, a loaded run stopped the
        // session before any rule fired, so the message could not name the rule).
        long started = System.nanoTime();
        RulesetDefectException e = assertThrows(RulesetDefectException.class, () -> DecisionEngine.evaluate(ruleset, USE_CASE,
                LocalDate.now(), new EvaluationLimits(10_000, Duration.ofSeconds(1))));
        long answered = (System.nanoTime() - started) / 1_000_000;

        assertTrue(answered < 3_000, "answered after " + answered + " ms");
        assertTrue(e.getMessage().contains("did not decide within 1000 ms") && e.getMessage().contains("never-returns"), e.getMessage());
        assertTrue(noThreadRuns("aigov.unchecked.Rule_never", Duration.ofSeconds(3)), "the endless consequence still runs");
        // The rules ran on this thread, which was stopped outright: it must come out of it whole and decide again.
        assertEquals(Approach.PROMPTING, DecisionEngine.evaluate(SHIPPED, USE_CASE, LocalDate.now(), LIMITS).approach());
    }

    @Test
    void anExplorationOfRulesThatNeverReturnEndsAtItsBudget() throws InterruptedException {
        Ruleset ruleset = endless();
        List<String> outcomes = new ArrayList<>();

        long started = System.nanoTime();
        DecisionEngine.explore(ruleset, LocalDate.now(), new EvaluationLimits(10_000, Duration.ofSeconds(30)), Duration.ofMillis(500),
                decider -> {
                    for (int i = 0; i < 3; i++) {
                        try {
                            decider.decide(USE_CASE);
                            outcomes.add("decided");
                        } catch (DecisionEngine.OutOfTimeException e) {
                            outcomes.add("out of time");
                        }
                    }
                });
        long returned = (System.nanoTime() - started) / 1_000_000;

        // Well under the decision's own deadline of 30 s: the budget, the halt's grace, and slack for a busy machine.
        assertTrue(returned < 10_000, "returned after " + returned + " ms");
        assertEquals(List.of("out of time", "out of time", "out of time"), outcomes);
        assertTrue(noThreadRuns("aigov.unchecked.Rule_never", Duration.ofSeconds(3)), "the endless consequence still runs");
        assertEquals(Approach.PROMPTING, DecisionEngine.evaluate(SHIPPED, USE_CASE, LocalDate.now(), LIMITS).approach());
    }

    @Test
    void aDecisionAfterOneHaltedAtItsDeadlineOnTheSameRulesOwesItNothing() {
        List<RuleFile> files = new ArrayList<>(RulesetSource.fromDirectory(Path.of("rules")));
        files.add(new RuleFile("runaway.drl", RulesWithARunaway.RUNAWAY));
        Ruleset withARunaway = RulesetCompiler.compile(files, "test");
        LocalDate today = LocalDate.now();
        assertThrows(RulesetDefectException.class, () -> DecisionEngine.evaluate(withARunaway, USE_CASE.withText("spin", null), today,
                new EvaluationLimits(Integer.MAX_VALUE, Duration.ofMillis(300))));

        // The halted session goes back to the ruleset's sessions and is the one the next decision gets.
        Decision expected = DecisionEngine.evaluate(SHIPPED, USE_CASE, today, LIMITS);
        for (int i = 0; i < 3; i++) {
            Decision decided = DecisionEngine.evaluate(withARunaway, USE_CASE, today, LIMITS);
            assertEquals(List.of(expected.approach(), expected.verdict(), expected.scores(), expected.exposures(), expected.firedRules(),
                    expected.warnings()), List.of(decided.approach(), decided.verdict(), decided.scores(), decided.exposures(),
                            decided.firedRules(), decided.warnings()));
        }
    }

    /** Compiled here without the safety check, which would refuse the loop: the engine must stop it anyway. */
    private static Ruleset endless() {
        KieBase endless = new KieHelper().addContent("""
                package aigov.unchecked;
                import io.aigov.decision.model.UseCase;
                rule "never-returns"
                when
                    UseCase()
                then
                    long spins = 0;
                    while (true) { spins++; }
                end
                """, ResourceType.DRL).build();
        return new Ruleset("unchecked", "test", List.of(), endless, SHIPPED.thresholds(), SHIPPED.declarations(), Map.of());
    }

    @Test
    void rulesInsertingFactsWithoutEndAreStopped() {
        List<RuleFile> files = new ArrayList<>(RulesetSource.fromDirectory(Path.of("rules")));
        files.add(new RuleFile("flood.drl", """
                package aigov.flood;
                import io.aigov.decision.model.Assessment;
                declare Drop
                    size : int
                end
                rule "flood"
                when
                    $a : Assessment()
                    Drop( $size : size ) or Assessment()
                then
                    insert(new Drop(1));
                end
                """));
        Ruleset ruleset = RulesetCompiler.compile(files, "test");
        RulesetDefectException e = assertThrows(RulesetDefectException.class, () -> DecisionEngine.evaluate(ruleset, USE_CASE,
                LocalDate.now(), new EvaluationLimits(1_000_000, Duration.ofSeconds(10))));
        assertTrue(e.getMessage().contains("inserted more than 1000 facts") && e.getMessage().contains("\"flood\""), e.getMessage());
    }

    @Test
    void explanationBeyondItsBudgetIsADefectNotAMemoryProblem() {
        List<RuleFile> files = new ArrayList<>(RulesetSource.fromDirectory(Path.of("rules")));
        files.add(new RuleFile("verbose.drl", """
                package aigov.verbose;
                import io.aigov.decision.model.Assessment;
                rule "verbose"
                when
                    $a : Assessment( promptingScore >= 0 )
                then
                    modify($a) { favourPrompting(0, String.format("%99s%99s%99s%99s%99s%99s%99s%99s%99s%99s", 1, 2, 3, 4, 5, 6, 7, 8, 9, 0)) }
                end
                """));
        Ruleset ruleset = RulesetCompiler.compile(files, "test");
        RulesetDefectException e = assertThrows(RulesetDefectException.class, () -> DecisionEngine.evaluate(ruleset, USE_CASE,
                LocalDate.now(), new EvaluationLimits(1_000_000, Duration.ofSeconds(10))));
        assertTrue(e.getMessage().contains("more than 1000000 characters") && e.getMessage().contains("\"verbose\""), e.getMessage());
    }

    @Test
    void aDecisionReadsTheSameWhateverTheHostsLocale() {
        Locale before = Locale.getDefault(Locale.Category.FORMAT);
        try {
            Locale.setDefault(Locale.Category.FORMAT, Locale.GERMANY);
            UseCase busy = new UseCase("x", null, 60_000L, Consistency.FLEXIBLE, 10L, 1.0, 1.0, 5000L, Vocabulary.STANDARD,
                    null, null, null, null, null, null, null, null, null, null, null);
            Decision decision = DecisionEngine.evaluate(SHIPPED, busy, LocalDate.now(), new EvaluationLimits(10_000, Duration.ofSeconds(10)));
            assertTrue(decision.firedRules().stream().anyMatch(rule -> rule.reason().startsWith("60,000 requests a day is over 50,000")),
                    decision.firedRules().toString());
        } finally {
            Locale.setDefault(Locale.Category.FORMAT, before);
        }
    }

    /** Whether, within the deadline, no thread is inside a consequence of a rule class with this prefix. */
    private static boolean noThreadRuns(String ruleClass, Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < end) {
            boolean running = Arrays.stream(ManagementFactory.getThreadMXBean().dumpAllThreads(false, false))
                    .flatMap(thread -> Arrays.stream(thread.getStackTrace()))
                    .anyMatch(frame -> frame.getClassName().startsWith(ruleClass) && frame.getMethodName().equals("defaultConsequence"));
            if (!running) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }
}
