package io.aigov.support;

/** Use cases as request bodies give them, for the tests of proposals, the inventory and notices. */
public final class UseCaseBodies {

    /** A tie between the factors (prompting wins it) that a volume threshold of 40,000 tips to fine-tuning. */
    public static final String TIPPING = tipping("Tipping case");
    /** The same at a volume no threshold change of the tests touches. */
    public static final String STEADY = TIPPING.replace("45000", "1000").replace("Tipping case", "Steady case");

    private UseCaseBodies() {
    }

    public static String tipping(String name) {
        return """
                {"name": "%s", "dailyRequestVolume": 45000, "consistency": "STRICT", "labeledExamples": 400,
                 "stableMonths": 2, "timeToProductionWeeks": 4, "latencyBudgetMs": 150, "vocabulary": "STANDARD"}""".formatted(name);
    }

    /**
     * Intimate imagery of real people generated without consent, in the EU: high risk to approve
     * until the day the Digital Omnibus prohibits it, prohibited from then on.
     */
    public static String intimateImagery(String name) {
        return """
                {"name": "%s", "dailyRequestVolume": 1000, "consistency": "MODERATE", "labeledExamples": 200,
                 "stableMonths": 6, "timeToProductionWeeks": 6, "latencyBudgetMs": 1000, "vocabulary": "STANDARD",
                 "euExposure": true, "capabilities": ["GENERATES_NON_CONSENSUAL_INTIMATE_IMAGERY"]}""".formatted(name);
    }

    /** Emotion recognition at work in the EU: prohibited by Art. 5(1)(f). */
    public static String prohibited(String name) {
        return """
                {"name": "%s", "dailyRequestVolume": 10000, "consistency": "MODERATE", "labeledExamples": 2000,
                 "stableMonths": 6, "timeToProductionWeeks": 6, "latencyBudgetMs": 1000, "vocabulary": "STANDARD",
                 "domain": "EMPLOYMENT", "euExposure": true, "capabilities": ["EMOTION_RECOGNITION"]}""".formatted(name);
    }

    /** Screening candidates for jobs in New York City: an automated employment decision tool under Local Law 144, three controls. */
    public static String nycHiring(String name) {
        return """
                {"name": "%s", "dailyRequestVolume": 2000, "consistency": "STRICT", "labeledExamples": 400,
                 "stableMonths": 6, "timeToProductionWeeks": 8, "latencyBudgetMs": 2000, "vocabulary": "STANDARD",
                 "domain": "EMPLOYMENT", "jurisdictions": ["US-NYC"], "influencesDecisionsAboutPeople": true}""".formatted(name);
    }

    /** CV screening in the EU: an Annex III area whose output decides about people, high risk, nine controls. */
    public static String euScreening(String name) {
        return """
                {"name": "%s", "dailyRequestVolume": 2000, "consistency": "STRICT", "labeledExamples": 400,
                 "stableMonths": 6, "timeToProductionWeeks": 8, "latencyBudgetMs": 2000, "vocabulary": "STANDARD",
                 "domain": "EMPLOYMENT", "euExposure": true, "influencesDecisionsAboutPeople": true}""".formatted(name);
    }
}
