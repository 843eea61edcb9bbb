package io.aigov.ruleset.isolation;

import java.util.List;

import io.aigov.decision.engine.EvaluationLimits;
import io.aigov.decision.rulefile.RuleFile;

/** A candidate as a check process receives it: its rule files, its golden cases, and the limits each evaluation runs within. */
public record CheckRequest(List<RuleFile> rules, List<RuleFile> goldenCases, EvaluationLimits limits) {
}
