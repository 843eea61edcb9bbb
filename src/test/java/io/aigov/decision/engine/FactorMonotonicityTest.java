package io.aigov.decision.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.aigov.decision.model.Capability;
import io.aigov.decision.model.Domain;
import io.aigov.decision.model.Scores;
import io.aigov.decision.model.UseCase;
import io.aigov.decision.ruleset.Ruleset;
import io.aigov.decision.ruleset.RulesetCompiler;
import io.aigov.decision.ruleset.RulesetSource;

/**
 * Moving any one of the eight factors from its prompting side, through neutral where it has one,
 * to its fine-tuning side never lowers fineTuning - prompting, whatever the rest of the use case.
 */
class FactorMonotonicityTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BASES = 150;
    private static Ruleset ruleset;

    @BeforeAll
    static void compileRules() {
        ruleset = RulesetCompiler.compile(RulesetSource.fromDirectory(Path.of("rules")), "rules");
    }

    /** Each factor's settings, ordered from its prompting side to its fine-tuning side. */
    static List<Arguments> factors() {
        return List.of(
                Arguments.of("volume", List.of(Map.of("dailyRequestVolume", 5_000), Map.of("dailyRequestVolume", 20_000),
                        Map.of("dailyRequestVolume", 80_000))),
                Arguments.of("consistency", List.of(Map.of("consistency", "FLEXIBLE"), Map.of("consistency", "MODERATE"),
                        Map.of("consistency", "STRICT"))),
                Arguments.of("examples", List.of(Map.of("labeledExamples", 250), Map.of("labeledExamples", 400),
                        Map.of("labeledExamples", 2_000))),
                Arguments.of("stability", List.of(Map.of("stableMonths", 0.5), Map.of("stableMonths", 6))),
                Arguments.of("timeline", List.of(Map.of("timeToProductionWeeks", 1), Map.of("timeToProductionWeeks", 6))),
                Arguments.of("latency", List.of(Map.of("latencyBudgetMs", 5_000), Map.of("latencyBudgetMs", 800),
                        Map.of("latencyBudgetMs", 100))),
                Arguments.of("audit requirement (HIPAA)", List.of(noRegulation(), Map.of("processesPhi", true))),
                Arguments.of("audit requirement (SOX)", List.of(noRegulation(), Map.of("affectsFinancialReporting", true))),
                Arguments.of("audit requirement (EU AI Act high risk)", List.of(noRegulation(), Map.of("euExposure", true,
                        "domain", "EMPLOYMENT", "influencesDecisionsAboutPeople", true, "capabilities", List.of()))),
                Arguments.of("vocabulary", List.of(Map.of("vocabulary", "STANDARD"), Map.of("vocabulary", "PROPRIETARY"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("factors")
    void movingTowardFineTuningNeverLowersItsLead(String factor, List<Map<String, Object>> settings) {
        Random random = new Random(factor.hashCode());
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < BASES; i++) {
            Map<String, Object> base = randomUseCase(random);
            double previousLead = Double.NEGATIVE_INFINITY;
            for (Map<String, Object> setting : settings) {
                Map<String, Object> variant = new HashMap<>(base);
                variant.putAll(setting);
                Scores scores = DecisionEngine.evaluate(ruleset, JSON.convertValue(variant, UseCase.class), LocalDate.now(),
                        new EvaluationLimits(10_000, Duration.ofSeconds(10))).scores();
                double lead = scores.fineTuning() - scores.prompting();
                if (lead < previousLead) {
                    failures.add(setting + " on " + base + ": lead " + lead + " < " + previousLead);
                }
                previousLead = lead;
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " regressions, first: " + failures.stream().findFirst().orElse(""));
    }

    private static Map<String, Object> noRegulation() {
        return Map.of("processesPhi", false, "affectsFinancialReporting", false, "euExposure", false);
    }

    private static Map<String, Object> randomUseCase(Random random) {
        Map<String, Object> useCase = new HashMap<>();
        useCase.put("name", "random use case");
        useCase.put("dailyRequestVolume", random.nextInt(200_000));
        useCase.put("consistency", pick(random, "FLEXIBLE", "MODERATE", "STRICT"));
        useCase.put("labeledExamples", random.nextInt(3_000));
        useCase.put("stableMonths", random.nextDouble() * 12);
        useCase.put("timeToProductionWeeks", 0.5 + random.nextDouble() * 10);
        useCase.put("latencyBudgetMs", 50 + random.nextInt(6_000));
        useCase.put("vocabulary", pick(random, "STANDARD", "PROPRIETARY"));
        useCase.put("needsCurrentKnowledge", random.nextBoolean());
        useCase.put("agentic", random.nextBoolean());
        useCase.put("domain", Domain.values()[random.nextInt(Domain.values().length)].name());
        useCase.put("euExposure", random.nextBoolean());
        useCase.put("influencesDecisionsAboutPeople", random.nextBoolean());
        useCase.put("profilesPeople", random.nextBoolean());
        List<String> capabilities = new ArrayList<>();
        for (Capability capability : Capability.values()) {
            if (random.nextInt(6) == 0) {
                capabilities.add(capability.name());
            }
        }
        useCase.put("capabilities", capabilities);
        useCase.put("processesPhi", random.nextInt(4) == 0);
        useCase.put("affectsFinancialReporting", random.nextInt(4) == 0);
        return useCase;
    }

    private static String pick(Random random, String... values) {
        return values[random.nextInt(values.length)];
    }
}
