package io.aigov.decision.golden;

import java.util.List;

import io.aigov.decision.model.RecordableText;

/**
 * One golden case run against a candidate ruleset: each difference says expected versus actual.
 * Differences repeat what the case file and the rules wrote, so refused characters are kept as escapes.
 */
public record GoldenCaseResult(String file, boolean passed, List<String> differences) {

    public GoldenCaseResult {
        file = RecordableText.escaped(file);
        differences = differences == null ? List.of() : differences.stream().map(RecordableText::escaped).toList();
    }
}
