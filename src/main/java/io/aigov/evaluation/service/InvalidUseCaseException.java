package io.aigov.evaluation.service;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A use case that names what the active rules do not declare: a jurisdiction or a capability. */
public class InvalidUseCaseException extends RuntimeException {

    private final Map<String, String> invalidFields;

    /** @param invalidFields each invalid field, by its name in the request, with what is wrong */
    public InvalidUseCaseException(Map<String, String> invalidFields) {
        super("The use case has " + invalidFields.size() + " invalid field" + (invalidFields.size() == 1 ? "" : "s"));
        this.invalidFields = Collections.unmodifiableMap(new LinkedHashMap<>(invalidFields));
    }

    public Map<String, String> invalidFields() {
        return invalidFields;
    }
}
