package io.aigov.ruleset.service;

/**
 * Fired, synchronously, after a new ruleset version starts serving.
 *
 * @param previousVersion null for the first activation after start-up
 */
public record RulesetActivated(String version, String previousVersion) {
}
