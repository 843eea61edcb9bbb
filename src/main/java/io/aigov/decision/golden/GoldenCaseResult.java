package io.aigov.decision.golden;

import java.util.List;

/** One golden case run against a candidate ruleset: each difference says expected versus actual. */
public record GoldenCaseResult(String file, boolean passed, List<String> differences) {
}
