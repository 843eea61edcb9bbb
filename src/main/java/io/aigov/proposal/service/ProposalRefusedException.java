package io.aigov.proposal.service;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What was asked cannot be done to the proposal: there is none with that id, the asker may not do
 * it (segregation of duties), the proposal's state or evaluation does not allow it, or the decision
 * asked for is invalid field by field. Carries what the proposal allows instead.
 */
public class ProposalRefusedException extends RuntimeException {

    public enum Reason {
        NOT_FOUND,
        NOT_ALLOWED,
        CONFLICT,
        INVALID
    }

    private final Reason reason;
    private final Map<String, Object> particulars;
    private final Map<String, String> invalidFields;

    private ProposalRefusedException(Reason reason, String message, Map<String, Object> particulars, Map<String, String> invalidFields) {
        super(message);
        this.reason = reason;
        this.particulars = Collections.unmodifiableMap(new LinkedHashMap<>(particulars));
        this.invalidFields = Collections.unmodifiableMap(new LinkedHashMap<>(invalidFields));
    }

    static ProposalRefusedException notFound(String message) {
        return new ProposalRefusedException(Reason.NOT_FOUND, message, Map.of(), Map.of());
    }

    static ProposalRefusedException notAllowed(String message) {
        return new ProposalRefusedException(Reason.NOT_ALLOWED, message, Map.of(), Map.of());
    }

    /** @param particulars what the proposal allows instead (its state and transitions, the decisions it can take) */
    static ProposalRefusedException conflict(String message, Map<String, Object> particulars) {
        return new ProposalRefusedException(Reason.CONFLICT, message, particulars, Map.of());
    }

    /** @param invalidFields each invalid field of the request body, by its path, with what is wrong with it */
    static ProposalRefusedException invalid(String message, Map<String, String> invalidFields) {
        return new ProposalRefusedException(Reason.INVALID, message, Map.of(), invalidFields);
    }

    public Reason reason() {
        return reason;
    }

    public Map<String, Object> particulars() {
        return particulars;
    }

    public Map<String, String> invalidFields() {
        return invalidFields;
    }
}
