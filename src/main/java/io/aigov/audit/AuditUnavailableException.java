package io.aigov.audit;

/** The audit record could not be committed, so the decision must not be given out. */
public class AuditUnavailableException extends RuntimeException {

    public AuditUnavailableException(Throwable cause) {
        super("the audit log cannot be written", cause);
    }
}
