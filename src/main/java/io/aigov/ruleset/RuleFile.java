package io.aigov.ruleset;

/** One file of a ruleset: its name relative to the rules folder, and its text. */
public record RuleFile(String name, String content) {

    public boolean isDrl() {
        return name.endsWith(".drl");
    }
}
