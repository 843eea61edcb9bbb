package io.aigov.ruleset.service;

/** The service runs on its bundled rules: there is no rules folder to write a file to. */
public class NoRulesFolderException extends RuntimeException {

    public NoRulesFolderException(String file) {
        super("The service runs on its bundled rules: there is no rules folder to write " + file + " to");
    }
}
