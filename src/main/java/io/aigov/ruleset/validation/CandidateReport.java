package io.aigov.ruleset.validation;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.aigov.decision.golden.GoldenCaseResult;
import io.aigov.decision.rulefile.RuleProblem;

/**
 * Everything learnt about a candidate before it may become active: safety findings (nothing was
 * compiled if the safety check found any; a check process that was stopped or crashed over the
 * candidate adds one too), compile errors, each golden case's result, and how the process that
 * compiled and ran the candidate was isolated from the service. Kept with a rule change, it is read
 * back leaving out what an earlier version of the service may have kept beside it.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CandidateReport(
        String version,
        List<RuleProblem> safetyFindings,
        List<RuleProblem> compileErrors,
        List<GoldenCaseResult> goldenCases,
        String isolation) {

    public boolean passed() {
        return runnable() && goldenCases.stream().allMatch(GoldenCaseResult::passed);
    }

    /** Whether the candidate compiled and ran safely, whatever its golden cases say. */
    public boolean runnable() {
        return safetyFindings.isEmpty() && compileErrors.isEmpty();
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
            return "refused as unsafe: " + safetyFindings;
        }
        if (!compileErrors.isEmpty()) {
            return "does not compile: " + compileErrors;
        }
        List<GoldenCaseResult> failed = failedGoldenCases();
        return failed.size() + " of " + goldenCases.size() + " golden cases failed: "
                + failed.stream().map(GoldenCaseResult::file).toList();
    }
}
