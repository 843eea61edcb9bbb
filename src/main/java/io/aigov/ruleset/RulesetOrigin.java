package io.aigov.ruleset;

/**
 * Where a candidate ruleset came from and who brought it.
 *
 * @param location the folder path, the API path, or "bundled"
 * @param actor    who made the change; null until sign-in exists, never a client-supplied value
 */
public record RulesetOrigin(Source source, String location, String actor) {

    public enum Source {
        FOLDER,
        API,
        BUNDLED
    }
}
