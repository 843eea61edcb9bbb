package io.aigov.decision.engine;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import io.aigov.decision.model.Approach;
import io.aigov.decision.model.Exposure;
import io.aigov.decision.model.FiredRule;
import io.aigov.decision.model.RecordableText;
import io.aigov.decision.model.Scores;
import io.aigov.decision.model.Verdict;

/** What a ruleset decided about one use case, and which rules decided it. */
public record Decision(
        Approach approach,
        boolean ragRecommended,
        Verdict verdict,
        Scores scores,
        List<Exposure> exposures,
        List<FiredRule> firedRules,
        List<String> warnings,
        String rulesetVersion) {

    /**
     * What keeps this decision from being recorded as it is, if anything: every text in it must be
     * {@link RecordableText}, every score finite. The engine asks this of every decision it makes,
     * golden cases and replays included, so a ruleset whose output the audit trail cannot take is
     * refused before it serves, and fails only the evaluation it is asked for if it serves already.
     */
    public Optional<String> unrecordable() {
        if (!Double.isFinite(scores.prompting()) || !Double.isFinite(scores.fineTuning())) {
            return Optional.of("a score is not a finite number");
        }
        // Every text is checked, and described only when it holds a problem: nearly every decision holds none.
        for (FiredRule fired : firedRules) {
            Optional<String> problem = problemIn(() -> "the name of a fired rule", fired.name())
                    .or(() -> problemIn(() -> "the file of rule " + RecordableText.quoted(fired.name()), fired.file()))
                    .or(() -> problemIn(() -> "the reason of rule " + RecordableText.quoted(fired.name()), fired.reason()));
            if (problem.isPresent()) {
                return problem;
            }
        }
        for (String warning : warnings) {
            Optional<String> problem = problemIn(() -> "a warning", warning);
            if (problem.isPresent()) {
                return problem;
            }
        }
        for (Exposure exposure : exposures) {
            Optional<String> problem = problemIn(() -> "a regime", exposure.regime());
            for (String obligation : exposure.obligations()) {
                problem = problem.or(() -> problemIn(() -> "an obligation under " + RecordableText.quoted(exposure.regime()), obligation));
            }
            if (problem.isPresent()) {
                return problem;
            }
        }
        return problemIn(() -> "the ruleset version", rulesetVersion);
    }

    private static Optional<String> problemIn(Supplier<String> what, String text) {
        return text == null ? Optional.empty()
                : RecordableText.problemIn(text).map(problem -> what.get() + " holds " + problem + ": " + RecordableText.quoted(text));
    }
}
