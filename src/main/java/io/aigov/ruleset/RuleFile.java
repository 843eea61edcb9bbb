package io.aigov.ruleset;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** One file of a ruleset: its name relative to the rules folder, and its text. */
public record RuleFile(String name, String content) {

    @JsonIgnore
    public boolean isDrl() {
        return name.endsWith(".drl");
    }
}
