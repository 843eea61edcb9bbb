package io.aigov.decision.model;

/** Weighted evidence for each approach; the difference between them is what the approach rules compare. */
public record Scores(double prompting, double fineTuning) {
}
