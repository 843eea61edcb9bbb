package io.aigov.ruleset.service;

/** A valid evaluation request whose volume is the variable under test. */
final class EvaluationBody {

    private EvaluationBody() {
    }

    static String withVolume(long dailyRequestVolume) {
        return """
                {"name": "Volume probe", "dailyRequestVolume": %d, "consistency": "MODERATE", "labeledExamples": 400,
                 "stableMonths": 2, "timeToProductionWeeks": 4, "latencyBudgetMs": 1000, "vocabulary": "STANDARD"}
                """.formatted(dailyRequestVolume);
    }
}
