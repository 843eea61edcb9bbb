package io.aigov.console.rest;

import java.util.List;

import io.aigov.api.rest.Violation;

/** A posted console form that no page can show again as entered: each violation names its field. */
public class InvalidFormException extends RuntimeException {

    private final transient List<Violation> violations;

    public InvalidFormException(List<Violation> violations) {
        super("The form has " + violations.size() + " invalid field" + (violations.size() == 1 ? "" : "s"));
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
