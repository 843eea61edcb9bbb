package io.aigov.ruleset.history;

/** An activation meant to replace one version found another serving: someone activated a change first. */
public class ServingVersionChangedException extends RuntimeException {

    private final String serving;

    public ServingVersionChangedException(String expected, String serving) {
        super("version " + serving + " serves, not " + expected);
        this.serving = serving;
    }

    public String serving() {
        return serving;
    }
}
