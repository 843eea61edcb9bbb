package io.aigov.proposal.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "aigov.proposals")
public interface ProposalsConfig {

    /**
     * Approve proposals whose evaluation's verdict is ALLOWED at submission, without the board.
     * The approval is recorded in the audit chain as a decision by "auto-approval".
     */
    @WithDefault("false")
    boolean autoApproveAllowed();
}
