package io.aigov.decision.model;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.kie.api.definition.type.Modifies;

/**
 * The working state of one evaluation, which the rules build up. Every change a rule makes carries
 * a reason, so the fired rule can be explained to a person. Each mutator declares the properties it
 * changes, so rules that depend on them are re-evaluated (property reactivity) and no others.
 */
public final class Assessment {

    /**
     * Characters of reasons, warnings and obligations one evaluation may produce: far above what any
     * real decision explains (a few thousand), far below what would strain memory when rules that
     * re-fire many times keep adding text.
     */
    public static final int MAX_TEXT = 1_000_000;
    /** The longest single reason, warning or obligation. */
    public static final int MAX_TEXT_PER_ITEM = 4_000;

    private double promptingScore;
    private double fineTuningScore;
    private boolean fineTuningViable = true;
    private Approach approach;
    private boolean ragRecommended;
    private Verdict verdict;
    /** By regime code, in the order of the codes. */
    private final Map<String, ExposureLevel> levels = new TreeMap<>();
    private final Map<String, Set<String>> obligations = new TreeMap<>();
    /** The declared obligations the rules named, by regime. */
    private final Map<String, Set<String>> obligationIds = new TreeMap<>();
    /** The most severe of the levels, kept as they change: conditions on it are matched after every change. */
    private ExposureLevel highestExposure;
    private final Declarations declarations;
    private boolean auditRequirementHigh;
    private final List<String> warnings = new ArrayList<>();
    private final List<String> reasons = new ArrayList<>();
    private int textSpent;

    /** An assessment under the regimes the ruleset declares. */
    public Assessment(Declarations declarations) {
        this.declarations = declarations;
    }

    @Modifies("promptingScore")
    public void favourPrompting(double weight, String reason) {
        promptingScore = scored(promptingScore, weight);
        because(reason);
    }

    @Modifies("fineTuningScore")
    public void favourFineTuning(double weight, String reason) {
        fineTuningScore = scored(fineTuningScore, weight);
        because(reason);
    }

    /** A score is a finite number: NaN or infinity could be neither compared nor recorded as JSON. */
    private static double scored(double score, double weight) {
        double sum = score + weight;
        if (!Double.isFinite(weight) || !Double.isFinite(sum)) {
            throw new RuleContractException("a score must stay a finite number, not " + weight + " added to " + score);
        }
        return sum;
    }

    /** Marks fine-tuning as not an option whatever the scores say, with what would have to change. */
    @Modifies("fineTuningViable")
    public void ruleOutFineTuning(String reason, String whatWouldHaveToChange) {
        fineTuningViable = false;
        because(reason);
        warn(whatWouldHaveToChange);
    }

    @Modifies("approach")
    public void recommend(Approach recommended, String reason) {
        approach = recommended;
        because(reason);
    }

    @Modifies("ragRecommended")
    public void recommendRetrieval(String reason) {
        ragRecommended = true;
        because(reason);
    }

    /**
     * Records exposure under a declared regime, at one of the levels it declares; the most severe
     * level seen for a regime is the one that stands.
     */
    @Modifies({ "highestExposure", "auditRequirementHigh" })
    public void expose(String regime, ExposureLevel level, String reason, String... duties) {
        expose(regime, level, reason, List.of(duties));
    }

    /** The same, with the duties as a list, as a rule function returns them. */
    @Modifies({ "highestExposure", "auditRequirementHigh" })
    public void expose(String regime, ExposureLevel level, String reason, List<String> duties) {
        if (regime == null || level == null) {
            throw new RuleContractException("an exposure needs a regime and a level");
        }
        if (!declarations.legacy()) {
            Declarations.DeclaredRegime declared = declarations.regime(regime)
                    .orElseThrow(() -> new RuleContractException("the regime " + RecordableText.quoted(regime) + " is not declared"));
            if (!declared.levels().contains(level)) {
                throw new RuleContractException("the regime " + regime + " declares no level " + level);
            }
        } else {
            // Rules written before regimes were declared name them freely: the name is text they produce like any other.
            spend(regime);
        }
        duties.forEach(this::spend);
        levels.merge(regime, level, (a, b) -> a.isAtLeast(b) ? a : b);
        if (highestExposure == null || !highestExposure.isAtLeast(level)) {
            highestExposure = level;
        }
        obligations.computeIfAbsent(regime, r -> new LinkedHashSet<>()).addAll(duties);
        because(reason);
    }

    /** As rules written before regimes were declared expose a use case. */
    @Modifies({ "highestExposure", "auditRequirementHigh" })
    public void expose(Regime regime, ExposureLevel level, String reason, String... duties) {
        expose(regime.name(), level, reason, List.of(duties));
    }

    @Modifies({ "highestExposure", "auditRequirementHigh" })
    public void expose(Regime regime, ExposureLevel level, String reason, List<String> duties) {
        expose(regime.name(), level, reason, duties);
    }

    /** The article's "high audit requirement": the rules decide which exposures make one. */
    @Modifies("auditRequirementHigh")
    public void requireHighAudit(String reason) {
        auditRequirementHigh = true;
        because(reason);
    }

    @Modifies("verdict")
    public void decide(Verdict decided, String reason) {
        verdict = decided;
        because(reason);
    }

    /**
     * Declared, though no rule matches on warnings: without it, a rule that calls this beside a
     * modify block makes Drools treat the whole fact as changed and re-fire every rule on it.
     */
    @Modifies("warnings")
    public void warn(String warning) {
        if (!warnings.contains(spend(warning))) {
            warnings.add(warning);
        }
    }

    /**
     * Names obligations their packs declare ({@code obligation.<id>.*}) as ones of the exposure to
     * their regimes: the use case's controls are kept by these ids. Call it after the regimes are
     * exposed. Declared as changing the warnings, which no rule matches on, for the reason
     * {@link #warn} gives.
     */
    @Modifies("warnings")
    public void oblige(String... obligations) {
        if (obligations == null || obligations.length == 0) {
            throw new RuleContractException("oblige names at least one obligation");
        }
        for (String obligation : obligations) {
            Declarations.DeclaredObligation declared = declarations.obligation(obligation).orElseThrow(
                    () -> new RuleContractException("no pack declares the obligation " + RecordableText.quoted(String.valueOf(obligation))));
            if (!levels.containsKey(declared.regime())) {
                throw new RuleContractException("the obligation " + obligation + " is one of " + declared.regime()
                        + ", which the rules have not exposed the use case to: expose it first");
            }
            obligationIds.computeIfAbsent(declared.regime(), regime -> new LinkedHashSet<>()).add(obligation);
        }
    }

    /** Explains the firing of a rule that changes nothing else, such as one that only warns. */
    public void because(String reason) {
        reasons.add(spend(reason));
    }

    private String spend(String text) {
        if (text == null) {
            throw new RuleContractException("reasons, warnings and obligations must not be null");
        }
        if (text.length() > MAX_TEXT_PER_ITEM) {
            throw new RuleContractException("a reason, warning or obligation of " + text.length() + " characters is longer than "
                    + MAX_TEXT_PER_ITEM);
        }
        RecordableText.problemIn(text).ifPresent(problem -> {
            throw new RuleContractException("the text of a reason, warning, obligation or regime cannot hold " + problem + ": "
                    + RecordableText.quoted(text));
        });
        textSpent += text.length();
        if (textSpent > MAX_TEXT) {
            throw new RuleContractException("the rules produced more than " + MAX_TEXT
                    + " characters of reasons, warnings and obligations in one evaluation");
        }
        return text;
    }

    /** Hands over the reasons given since the last call: the engine calls this after each rule firing. */
    public List<String> drainReasons() {
        List<String> drained = List.copyOf(reasons);
        reasons.clear();
        return drained;
    }

    public double getPromptingScore() {
        return promptingScore;
    }

    public double getFineTuningScore() {
        return fineTuningScore;
    }

    public boolean isFineTuningViable() {
        return fineTuningViable;
    }

    public Approach getApproach() {
        return approach;
    }

    public boolean isRagRecommended() {
        return ragRecommended;
    }

    public Verdict getVerdict() {
        return verdict;
    }

    /** The most severe exposure under any regime, or null while there is none. */
    public ExposureLevel getHighestExposure() {
        return highestExposure;
    }

    /**
     * The article's "high audit requirement", as the rules decided it ({@link #requireHighAudit}).
     * Rules written before regimes were declared never decide it: for them it means what it meant
     * then, EU AI Act high risk (or worse), HIPAA or SOX.
     */
    public boolean isAuditRequirementHigh() {
        if (!declarations.legacy()) {
            return auditRequirementHigh;
        }
        ExposureLevel eu = levels.get(Regime.EU_AI_ACT.name());
        return auditRequirementHigh || (eu != null && eu.isAtLeast(ExposureLevel.HIGH))
                || levels.containsKey(Regime.HIPAA.name())
                || levels.containsKey(Regime.SOX.name());
    }

    public Scores scores() {
        return new Scores(promptingScore, fineTuningScore);
    }

    public List<Exposure> exposures() {
        List<Exposure> result = new ArrayList<>();
        levels.forEach((regime, level) -> result.add(new Exposure(regime, level, List.copyOf(obligations.get(regime)),
                List.copyOf(obligationIds.getOrDefault(regime, Set.of())))));
        return result;
    }

    public List<String> getWarnings() {
        return List.copyOf(warnings);
    }
}
