package io.aigov.proposal;

import java.util.List;

/**
 * Where a proposed use case stands in the inventory. A proposal is open while submitted or under
 * review; once approved it is in use (approved, then in production) until it is retired, and a
 * ruleset version that decides it differently puts it under reassessment until the board decides
 * again. Rejected, withdrawn and retired use cases stay where they are.
 */
public enum ProposalState {
    SUBMITTED,
    UNDER_REVIEW,
    APPROVED,
    APPROVED_WITH_CONDITIONS,
    REJECTED,
    WITHDRAWN,
    IN_PRODUCTION,
    UNDER_REASSESSMENT,
    RETIRED;

    /** The states a use case in this state may move to. */
    public List<ProposalState> next() {
        return switch (this) {
            case SUBMITTED -> List.of(UNDER_REVIEW, WITHDRAWN);
            case UNDER_REVIEW -> List.of(APPROVED, APPROVED_WITH_CONDITIONS, REJECTED, WITHDRAWN);
            case APPROVED, APPROVED_WITH_CONDITIONS -> List.of(IN_PRODUCTION, UNDER_REASSESSMENT, RETIRED);
            case IN_PRODUCTION -> List.of(UNDER_REASSESSMENT, RETIRED);
            case UNDER_REASSESSMENT -> List.of(APPROVED, APPROVED_WITH_CONDITIONS, IN_PRODUCTION, REJECTED);
            case REJECTED, WITHDRAWN, RETIRED -> List.of();
        };
    }

    public boolean open() {
        return this == SUBMITTED || this == UNDER_REVIEW;
    }

    /** Approved and not retired: what a new ruleset version decides again. */
    public boolean inUse() {
        return this == APPROVED || this == APPROVED_WITH_CONDITIONS || this == IN_PRODUCTION;
    }

    /** Waiting for the board: a proposal, or a use case under reassessment. */
    public boolean awaitingBoard() {
        return open() || this == UNDER_REASSESSMENT;
    }
}
