package io.aigov.decision.rulefile;

import com.fasterxml.jackson.annotation.JsonIgnore;

import io.aigov.decision.model.Assessment;

/** One file of a ruleset: its name relative to the rules folder, and its text. */
public record RuleFile(String name, String content) {

    /** Where the fact model was before it became part of the decision core: rule files written until then import it from there. */
    private static final String FORMER_FACT_MODEL = "io.aigov.evaluation.model.";
    private static final String FACT_MODEL = Assessment.class.getPackageName() + ".";

    @JsonIgnore
    public boolean isDrl() {
        return name.endsWith(".drl");
    }

    /** A file of numbers, dates and declarations the rules read (thresholds.properties, a pack's own). */
    @JsonIgnore
    public boolean isProperties() {
        return name.endsWith(".properties");
    }

    /**
     * This file as the safety check and the compiler read it: a DRL file that names the fact model's
     * former package is read as naming it where it is now, so every stored version still compiles and
     * replays. The file itself, and so its version, stays as it was written.
     */
    public RuleFile withCurrentFactModel() {
        return isDrl() && content.contains(FORMER_FACT_MODEL) ? new RuleFile(name, content.replace(FORMER_FACT_MODEL, FACT_MODEL)) : this;
    }
}
