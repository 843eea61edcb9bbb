package io.aigov.audit;

/** The audit record could not be committed, so the decision must not be given out. */
public class AuditUnavailableException extends RuntimeException {

    /** Why, as operators tell the cases apart (the 503 metric's {@code cause}). */
    public enum Reason {
        /** The service is shutting down and takes no more records. */
        STOPPING,
        /** The database refused or failed the commit. */
        DATABASE_ERROR,
        /** No commit within {@code aigov.audit.write-timeout}. */
        COMMIT_TIMEOUT,
        /** The waiting request was interrupted. */
        INTERRUPTED
    }

    private final Reason reason;

    public AuditUnavailableException(Reason reason, Throwable cause) {
        super("the audit log cannot be written", cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
