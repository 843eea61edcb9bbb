package io.aigov.ruleset.isolation;

import java.util.List;

import io.aigov.decision.golden.GoldenCaseResult;
import io.aigov.decision.rulefile.RuleProblem;

/**
 * What a check process found about a candidate.
 *
 * @param compileErrors what kept the candidate from compiling
 * @param goldenCases   the golden cases run, in the order they were sent; only those finished when the process stopped
 * @param stopped       why the process stopped before it answered in full (time limit, memory, crash), naming the
 *                      golden case it was running when that is known; null when it answered
 * @param isolation     how the process was confined, in words for the report
 */
public record CheckResult(List<RuleProblem> compileErrors, List<GoldenCaseResult> goldenCases, RuleProblem stopped, String isolation) {
}
