package io.aigov.control.service;

import java.util.Map;

/**
 * What was asked cannot be done to a control: there is none with that id, the asker may not do it
 * (not its owner, or its attester reviewing), its status does not allow it, or a field is invalid.
 */
public class ControlRefusedException extends RuntimeException {

    public enum Reason {
        NOT_FOUND,
        NOT_ALLOWED,
        CONFLICT,
        INVALID,
        /** An evidence file of a type that is not kept. */
        UNSUPPORTED_TYPE,
        /** An evidence file larger than is kept. */
        TOO_LARGE
    }

    private final Reason reason;
    private final Map<String, String> invalidFields;

    private ControlRefusedException(Reason reason, String message, Map<String, String> invalidFields) {
        super(message);
        this.reason = reason;
        this.invalidFields = Map.copyOf(invalidFields);
    }

    static ControlRefusedException notFound(String message) {
        return new ControlRefusedException(Reason.NOT_FOUND, message, Map.of());
    }

    static ControlRefusedException notAllowed(String message) {
        return new ControlRefusedException(Reason.NOT_ALLOWED, message, Map.of());
    }

    static ControlRefusedException conflict(String message) {
        return new ControlRefusedException(Reason.CONFLICT, message, Map.of());
    }

    static ControlRefusedException invalid(String field, String problem) {
        return new ControlRefusedException(Reason.INVALID, field + " " + problem, Map.of(field, problem));
    }

    static ControlRefusedException refusedFile(Reason reason, String message) {
        return new ControlRefusedException(reason, message, Map.of("file", message));
    }

    public Reason reason() {
        return reason;
    }

    /** Each invalid field of the request, by its name, with what is wrong with it. */
    public Map<String, String> invalidFields() {
        return invalidFields;
    }
}
