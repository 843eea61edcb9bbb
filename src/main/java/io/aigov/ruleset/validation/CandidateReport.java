package io.aigov.ruleset.validation;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;

import io.aigov.evaluation.golden.GoldenCaseResult;
import io.aigov.ruleset.RuleProblem;
import io.aigov.ruleset.Ruleset;

/**
 * Everything learnt about a candidate before it may become active: safety findings (nothing was
 * compiled if there are any), compile errors, and each golden case's result.
 */
public record CandidateReport(
        String version,
        List<RuleProblem> safetyFindings,
        List<RuleProblem> compileErrors,
        List<GoldenCaseResult> goldenCases,
        @JsonIgnore Ruleset ruleset) {

    public boolean passed() {
        return ruleset != null && safetyFindings.isEmpty() && compileErrors.isEmpty()
                && goldenCases.stream().allMatch(GoldenCaseResult::passed);
    }

    public List<GoldenCaseResult> failedGoldenCases() {
        return goldenCases.stream().filter(result -> !result.passed()).toList();
    }

    /** One line for logs and events. */
    public String summary() {
        if (passed()) {
            return "passed: " + goldenCases.size() + " golden cases";
        }
        if (!safetyFindings.isEmpty()) {
            return "refused by the safety check: " + safetyFindings;
        }
        if (!compileErrors.isEmpty()) {
            return "does not compile: " + compileErrors;
        }
        List<GoldenCaseResult> failed = failedGoldenCases();
        return failed.size() + " of " + goldenCases.size() + " golden cases failed: "
                + failed.stream().map(GoldenCaseResult::file).toList();
    }
}
