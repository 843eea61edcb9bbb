package io.aigov.ruleset.service;

/**
 * A ruleset version started serving on this instance: activated here, or adopted, at start-up or
 * after another instance activated it. Fired asynchronously once the version serves, on every
 * instance that starts serving it, so what follows a new version (re-deciding open proposals) runs
 * on each of them, outside the request and the lock that made it serve: it must be idempotent.
 *
 * @param previousVersion null when nothing served here before (start-up)
 */
public record RulesetServing(String version, String previousVersion, How how) {

    public enum How {
        /** Passed the gate here and was recorded as the active version for every instance. */
        ACTIVATED,
        /** Recorded as active by another instance, or before this one started, and compiled here from its stored files. */
        ADOPTED
    }
}
