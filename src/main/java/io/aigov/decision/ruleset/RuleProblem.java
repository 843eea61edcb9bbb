package io.aigov.decision.ruleset;

/** Something wrong with a rule file, located as precisely as the compiler allows (0 when unknown). */
public record RuleProblem(String file, int line, int column, String message) {

    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + message;
    }
}
