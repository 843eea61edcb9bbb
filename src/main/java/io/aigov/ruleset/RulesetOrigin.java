package io.aigov.ruleset;

/**
 * Where a candidate ruleset came from and who brought it.
 *
 * @param location the folder path, the API path, or "bundled"
 * @param actor    the signed-in user who made the change; null when the service itself acted (folder watcher, bundled rules)
 */
public record RulesetOrigin(Source source, String location, String actor) {

    public enum Source {
        FOLDER,
        API,
        BUNDLED
    }
}
