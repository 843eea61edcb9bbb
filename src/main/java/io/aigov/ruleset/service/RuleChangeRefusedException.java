package io.aigov.ruleset.service;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A rule change cannot be decided as asked: there is none with that id, the asker proposed it (four
 * eyes), or it is no longer pending or no longer fits the serving rules. Carries the change's status
 * and the versions involved.
 */
public class RuleChangeRefusedException extends RuntimeException {

    public enum Reason {
        NOT_FOUND,
        NOT_ALLOWED,
        CONFLICT
    }

    private final Reason reason;
    private final Map<String, Object> particulars;

    RuleChangeRefusedException(Reason reason, String message, Map<String, Object> particulars) {
        super(message);
        this.reason = reason;
        this.particulars = Collections.unmodifiableMap(new LinkedHashMap<>(particulars));
    }

    public Reason reason() {
        return reason;
    }

    /** The change's status and the versions involved, for whoever asked to see what stands instead. */
    public Map<String, Object> particulars() {
        return particulars;
    }
}
