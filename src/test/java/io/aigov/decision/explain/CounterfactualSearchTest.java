package io.aigov.decision.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.kie.api.KieBase;
import org.kie.api.io.ResourceType;
import org.kie.internal.utils.KieHelper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.aigov.decision.engine.Decision;
import io.aigov.decision.engine.DecisionEngine;
import io.aigov.decision.engine.EvaluationLimits;
import io.aigov.decision.explain.Counterfactuals.Counterfactual;
import io.aigov.decision.golden.GoldenCase;
import io.aigov.decision.golden.GoldenCaseRun;
import io.aigov.decision.model.Domain;
import io.aigov.decision.model.UseCase;
import io.aigov.decision.rulefile.RuleFile;
import io.aigov.decision.ruleset.Ruleset;
import io.aigov.decision.ruleset.RulesetCompiler;
import io.aigov.decision.ruleset.RulesetSource;

/** What would change a decision, each change decided again here on its own: the search reports nothing it did not decide. */
class CounterfactualSearchTest {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static final Ruleset SHIPPED = RulesetCompiler.compile(RulesetSource.fromDirectory(Path.of("rules")), "rules");
    private static final EvaluationLimits LIMITS = new EvaluationLimits(10_000, Duration.ofSeconds(10));
    private static final CounterfactualSearch.Budget GENEROUS = new CounterfactualSearch.Budget(2_000, Duration.ofSeconds(30));
    private static final LocalDate DAY = LocalDate.of(2026, 12, 2);

    @Test
    void everyCounterfactualOfEveryGoldenCaseGivesItsOutcomeWhenDecidedAgainAndIsTheSmallestSuchChange() throws IOException {
        int checked = 0;
        for (Searched searched : everyGoldenCaseSearched()) {
            String name = searched.name();
            Counterfactuals found = searched.found();
            assertTrue(found.complete(), name + ": the search tried every change within a generous budget");
            assertFalse(found.approach().isEmpty() && found.verdict().isEmpty(), name + ": some change alters the decision");
            checked += check(name, searched.input(), searched.decision(), found.approach(), searched.day(), d -> d.approach().name());
            checked += check(name, searched.input(), searched.decision(), found.verdict(), searched.day(), d -> d.verdict().name());
        }
        assertTrue(checked > 100, "checked " + checked + " counterfactuals");
    }

    /** A golden case's input, its decision on its evaluation date and what the search found with a generous budget. */
    private record Searched(String name, UseCase input, LocalDate day, Decision decision, Counterfactuals found) {
    }

    private static List<Searched> everyGoldenCaseSearched() throws IOException {
        List<Searched> searched = new ArrayList<>();
        for (RuleFile file : RulesetSource.goldenCasesFromDirectory(Path.of("rules"))) {
            GoldenCase golden = GoldenCaseRun.read(file);
            LocalDate day = golden.evaluationDate() == null ? DAY : golden.evaluationDate();
            UseCase input = SHIPPED.declarations().understood(golden.input());
            Decision decision = DecisionEngine.evaluate(SHIPPED, input, day, LIMITS);
            searched.add(new Searched(file.name(), input, day, decision,
                    CounterfactualSearch.search(SHIPPED, input, decision, day, LIMITS, GENEROUS)));
        }
        return searched;
    }

    @Test
    void everyOutcomeAnotherChoiceGivesIsFoundThoughChoicesNoRuleNamesAreDecidedOnlyOnce() throws IOException {
        int outcomes = 0;
        for (Searched searched : everyGoldenCaseSearched()) {
            Decision decision = searched.decision();
            Counterfactuals found = searched.found();
            String name = searched.name();
            for (RecordComponent field : UseCase.class.getRecordComponents()) {
                if (!field.getType().isEnum()) {
                    continue;
                }
                for (Object choice : field.getType().getEnumConstants()) {
                    Decision other = DecisionEngine.evaluate(SHIPPED, changed(searched.input(), field.getName(), choice), searched.day(),
                            LIMITS);
                    if (other.approach() != decision.approach()) {
                        outcomes++;
                        assertTrue(found.approach().stream().anyMatch(c -> c.field().equals(field.getName())
                                && c.outcome().equals(other.approach().name())), name + ": " + choice + " gives " + other.approach());
                    }
                    if (other.verdict() != decision.verdict()) {
                        outcomes++;
                        assertTrue(found.verdict().stream().anyMatch(c -> c.field().equals(field.getName())
                                && c.outcome().equals(other.verdict().name())), name + ": " + choice + " gives " + other.verdict());
                    }
                }
            }
        }
        assertTrue(outcomes > 20, outcomes + " outcomes that another choice gives");
    }

    @Test
    void ofTheChoicesNoRuleNamesOnlyTheNearestIsTriedAndNoneWhenTheUseCaseHasOneOfThem() {
        Breakpoints shipped = Breakpoints.of(SHIPPED);
        List<Domain> named = Arrays.stream(Domain.values()).filter(domain -> shipped.names(domain.name())).toList();
        assertTrue(named.size() < Domain.values().length - 3, "the shipped rules leave domains unnamed: " + named);

        List<Enum<?>> fromCustomerService = CounterfactualSearch.choicesToTry(Domain.CUSTOMER_SERVICE, shipped::names);
        assertEquals(Set.copyOf(named), Set.copyOf(fromCustomerService));

        List<Enum<?>> fromEmployment = CounterfactualSearch.choicesToTry(Domain.EMPLOYMENT, shipped::names);
        // Named ones, and the nearest unnamed one: the domain declared right before employment.
        assertEquals(named.size(), fromEmployment.size());
        assertEquals(Domain.INTERNAL_PRODUCTIVITY, fromEmployment.get(0));
        assertTrue(fromEmployment.containsAll(named.stream().filter(domain -> domain != Domain.EMPLOYMENT).toList()));
    }

    /** Each one decided again: it gives its outcome, another than the decision's; a number one step nearer does not. */
    private static int check(String name, UseCase input, Decision decision, List<Counterfactual> counterfactuals, LocalDate day,
            Function<Decision, String> outcome) throws IOException {
        for (Counterfactual counterfactual : counterfactuals) {
            Decision changed = DecisionEngine.evaluate(SHIPPED, changed(input, counterfactual.field(), counterfactual.value()), day, LIMITS);
            assertEquals(counterfactual.outcome(), outcome.apply(changed), name + ": " + counterfactual);
            // As a replay reads it back from the audit trail: JSON's numbers and lists, applied to the recorded input.
            Counterfactual readBack = JSON.readValue(JSON.writeValueAsString(counterfactual), Counterfactual.class);
            UseCase applied = SHIPPED.declarations().understood(CounterfactualSearch.applied(input, readBack));
            assertEquals(counterfactual.outcome(), outcome.apply(DecisionEngine.evaluate(SHIPPED, applied, day, LIMITS)),
                    name + ": " + readBack);
            assertNotEquals(outcome.apply(decision), counterfactual.outcome(), name + ": " + counterfactual);
            JsonNode recorded = counterfactual.field().startsWith("answers.")
                    ? JSON.valueToTree(input).path("answers").get(counterfactual.field().substring("answers.".length()))
                    : JSON.valueToTree(input).get(counterfactual.field());
            assertEquals(JSON.valueToTree(counterfactual.was()), recorded, name + ": " + counterfactual);
            if (counterfactual.value() instanceof Number number) {
                double step = number instanceof Double ? 0.1 : 1;
                double was = ((Number) counterfactual.was()).doubleValue();
                double nearer = number.doubleValue() + (was > number.doubleValue() ? step : -step);
                if (Math.abs(nearer - was) > 1e-9 && (nearer - was) * (number.doubleValue() - was) > 0) {
                    Object nearerValue = number instanceof Double ? (Object) (Math.round(nearer * 10) / 10.0) : (Object) (long) nearer;
                    Decision notYet = DecisionEngine.evaluate(SHIPPED, changed(input, counterfactual.field(), nearerValue), day, LIMITS);
                    assertEquals(outcome.apply(decision), outcome.apply(notYet),
                            name + ": " + counterfactual + " is the smallest change, not " + nearerValue);
                }
            }
        }
        return counterfactuals.size();
    }

    @Test
    void theReadmeExampleWouldBeFineTuningWithoutCurrentKnowledgeAndAHiringToolIsNotHighRiskWithoutDecidingAboutPeople()
            throws IOException {
        UseCase helpDesk = helpDesk();
        Decision hybrid = DecisionEngine.evaluate(SHIPPED, helpDesk, DAY, LIMITS);
        assertEquals("HYBRID", hybrid.approach().name());
        Counterfactuals helpDeskChanges = CounterfactualSearch.search(SHIPPED, helpDesk, hybrid, DAY, LIMITS, GENEROUS);
        assertTrue(helpDeskChanges.approach().stream().anyMatch(c -> c.field().equals("needsCurrentKnowledge")
                && Boolean.FALSE.equals(c.value()) && c.outcome().equals("FINE_TUNING")), helpDeskChanges.toString());

        GoldenCase recruitment = GoldenCaseRun.read(RulesetSource.goldenCasesFromDirectory(Path.of("rules")).stream()
                .filter(file -> file.name().equals("tests/recruitment-screening.json")).findFirst().orElseThrow());
        UseCase screening = SHIPPED.declarations().understood(recruitment.input());
        Decision review = DecisionEngine.evaluate(SHIPPED, screening, DAY, LIMITS);
        assertEquals("BOARD_REVIEW", review.verdict().name());
        Counterfactuals screeningChanges = CounterfactualSearch.search(SHIPPED, screening, review, DAY, LIMITS, GENEROUS);
        assertTrue(screeningChanges.verdict().stream().anyMatch(c -> c.field().equals("influencesDecisionsAboutPeople")
                && Boolean.FALSE.equals(c.value()) && c.outcome().equals("ALLOWED")), screeningChanges.toString());
    }

    @Test
    void theSearchStopsAtItsBudgetAndSaysSo() {
        UseCase input = helpDesk();
        Decision decision = DecisionEngine.evaluate(SHIPPED, input, DAY, LIMITS);
        Counterfactuals few = CounterfactualSearch.search(SHIPPED, input, decision, DAY, LIMITS,
                new CounterfactualSearch.Budget(3, Duration.ofSeconds(30)));
        assertFalse(few.complete());
        assertEquals(3, few.evaluations());
    }

    @Test
    void aChangedInputOnWhichTheRulesNeverReturnEndsTheSearchAtItsTimeNotTheRequest() {
        // Compiled without the safety check, which would refuse the loop: the search must end anyway.
        KieBase rules = new KieHelper().addContent("""
                package aigov.unchecked;
                import io.aigov.decision.model.Approach;
                import io.aigov.decision.model.Assessment;
                import io.aigov.decision.model.Domain;
import io.aigov.decision.model.UseCase;
                import io.aigov.decision.model.Verdict;
                rule "decide"
                when
                    $a : Assessment()
                then
                    $a.recommend(Approach.PROMPTING, "always");
                    $a.decide(Verdict.ALLOWED, "always");
                end
                rule "never-returns-with-phi"
                when
                    UseCase( processesPhi == true )
                then
                    long spins = 0;
                    while (true) { spins++; }
                end
                """, ResourceType.DRL).build();
        Ruleset ruleset = new Ruleset("unchecked", "test", List.of(), rules, SHIPPED.thresholds(), SHIPPED.declarations(), Map.of());
        UseCase input = helpDesk();
        Decision decision = DecisionEngine.evaluate(ruleset, input, DAY, LIMITS);

        long started = System.nanoTime();
        Counterfactuals found = CounterfactualSearch.search(ruleset, input, decision, DAY, LIMITS,
                new CounterfactualSearch.Budget(1_000, Duration.ofMillis(300)));
        long took = (System.nanoTime() - started) / 1_000_000;
        assertFalse(found.complete());
        assertTrue(took < 2_000, "the search took " + took + " ms");
        // The engine still decides afterwards: the stopped thread held only its own session.
        assertEquals("PROMPTING", DecisionEngine.evaluate(ruleset, input, DAY, LIMITS).approach().name());
    }

    /** The README's example request. */
    private static UseCase helpDesk() {
        try {
            return SHIPPED.declarations().understood(JSON.readValue(Files.readString(Path.of("bench/use-case.json")), UseCase.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The input with one field as a counterfactual gives it, as a client would send it (EU in the jurisdictions is euExposure). */
    static UseCase changed(UseCase input, String field, Object value) throws IOException {
        ObjectNode json = JSON.valueToTree(input);
        JsonNode changedValue = JSON.valueToTree(value);
        if (field.startsWith("answers.")) {
            json.withObject("/answers").set(field.substring("answers.".length()), changedValue);
        } else {
            json.set(field, changedValue);
        }
        if (field.equals("jurisdictions")) {
            json.put("euExposure", false);
        }
        return SHIPPED.declarations().understood(JSON.treeToValue(json, UseCase.class));
    }
}
