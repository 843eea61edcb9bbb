package io.aigov.ruleset.service;

/** What became of a candidate ruleset sent through the gate: saved in the folder, uploaded, approved or reloaded. */
public enum CandidateOutcome {
    /** Passed the checks and serves. */
    ACTIVATED,
    /** The files are the serving ones (golden cases may have changed): nothing to activate. */
    UNCHANGED,
    /** A check failed; the serving version stays. */
    REJECTED,
    /** Passed the checks and was proposed: waits for a second person's approval. */
    PENDING_APPROVAL
}
