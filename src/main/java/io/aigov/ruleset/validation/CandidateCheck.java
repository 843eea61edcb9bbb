package io.aigov.ruleset.validation;

import java.util.List;

import org.jboss.logging.Logger;

import io.aigov.evaluation.engine.EvaluationLimits;
import io.aigov.evaluation.golden.GoldenCaseResult;
import io.aigov.evaluation.golden.GoldenCaseRun;
import io.aigov.ruleset.InvalidRulesetException;
import io.aigov.ruleset.Ruleset;
import io.aigov.ruleset.RulesetCandidate;
import io.aigov.ruleset.RulesetCompiler;

/**
 * The gate every candidate passes before it may serve: the safety check first (an unsafe rule is
 * never compiled, let alone run), then compilation, then its golden cases.
 */
public final class CandidateCheck {

    private static final Logger LOG = Logger.getLogger(CandidateCheck.class);

    private CandidateCheck() {
    }

    public static CandidateReport run(RulesetCandidate candidate, String source, EvaluationLimits limits) {
        return run(candidate, source, limits, null);
    }

    /**
     * @param compiled a ruleset already checked and compiled; when the candidate's DRL files are the
     *                 same, its compiled rules are reused with the candidate's thresholds
     */
    public static CandidateReport run(RulesetCandidate candidate, String source, EvaluationLimits limits, Ruleset compiled) {
        String version = candidate.version();
        boolean sameRules = compiled != null && RulesetCompiler.sameRules(candidate.rules(), compiled);
        RuleSafetyCheck.Outcome safety = sameRules ? new RuleSafetyCheck.Outcome(List.of(), List.of())
                : RuleSafetyCheck.examine(candidate.rules());
        if (!safety.passed()) {
            return new CandidateReport(version, safety.findings(), safety.syntaxErrors(), List.of(), null);
        }
        Ruleset ruleset;
        long started = System.nanoTime();
        try {
            ruleset = sameRules ? RulesetCompiler.withThresholds(compiled, candidate.rules(), source)
                    : RulesetCompiler.compile(candidate.rules(), source);
        } catch (InvalidRulesetException e) {
            return new CandidateReport(version, List.of(), e.problems(), List.of(), null);
        }
        long checked = System.nanoTime();
        List<GoldenCaseResult> golden = GoldenCaseRun.run(ruleset, candidate.goldenCases(), limits);
        LOG.infof("Candidate %s: %s in %d ms, %d golden cases in %d ms", version, sameRules ? "thresholds read" : "compiled",
                (checked - started) / 1_000_000, golden.size(), (System.nanoTime() - checked) / 1_000_000);
        return new CandidateReport(version, List.of(), List.of(), golden, ruleset);
    }
}
