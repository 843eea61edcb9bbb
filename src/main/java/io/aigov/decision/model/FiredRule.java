package io.aigov.decision.model;

/** A rule that fired during an evaluation, with the rule file it lives in and why it fired. */
public record FiredRule(String name, String file, String reason) {
}
