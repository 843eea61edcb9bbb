package io.aigov.ruleset.service;

import io.aigov.ruleset.history.RuleChange;
import io.aigov.ruleset.validation.CandidateReport;

/**
 * A candidate's outcome with the gate's report on it.
 *
 * @param change the change waiting for approval, when the outcome is PENDING_APPROVAL; null otherwise
 */
public record Submission(CandidateOutcome outcome, CandidateReport report, RuleChange change) {

    Submission(CandidateOutcome outcome, CandidateReport report) {
        this(outcome, report, null);
    }
}
