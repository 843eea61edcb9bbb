package io.aigov.proposal;

import java.util.List;

/** Where a proposal stands. The last four are final. */
public enum ProposalState {
    SUBMITTED,
    UNDER_REVIEW,
    APPROVED,
    APPROVED_WITH_CONDITIONS,
    REJECTED,
    WITHDRAWN;

    /** The states a proposal in this state may move to. */
    public List<ProposalState> next() {
        return switch (this) {
            case SUBMITTED -> List.of(UNDER_REVIEW, WITHDRAWN);
            case UNDER_REVIEW -> List.of(APPROVED, APPROVED_WITH_CONDITIONS, REJECTED, WITHDRAWN);
            default -> List.of();
        };
    }

    public boolean open() {
        return this == SUBMITTED || this == UNDER_REVIEW;
    }
}
