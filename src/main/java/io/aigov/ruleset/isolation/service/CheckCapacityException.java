package io.aigov.ruleset.isolation.service;

import java.time.Duration;

/**
 * A person's check refused before anything was started for it: every check process is in use and
 * the queue is full, or the person already has as many checks running or waiting as one may.
 * Refusing says nothing about the candidate; the same check may be sent again later.
 */
public class CheckCapacityException extends RuntimeException {

    private final Duration retryAfter;

    public CheckCapacityException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /** When a check sent again has a fair chance to be admitted: an estimate, never less than a second. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** {@link #retryAfter()} in whole seconds, rounded up, at least one: what a Retry-After header says. */
    public long retryAfterSeconds() {
        return Math.max(1, retryAfter.toSeconds() + (retryAfter.toNanosPart() > 0 ? 1 : 0));
    }

    /** The words that tell a person their check was refused for now, and when to try again. */
    public String tryAgainLater() {
        return "Too many rule checks are running; try again in " + retryAfterSeconds() + " s";
    }
}
