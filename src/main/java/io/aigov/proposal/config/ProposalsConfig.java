package io.aigov.proposal.config;

import java.time.Duration;

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

    /** How many days ahead a use case's upcoming changes are looked for: the rules' dates within them are tried. */
    @WithDefault("90")
    int upcomingHorizonDays();

    /**
     * How often each instance looks whether a date the rules compare with has come (and moves the
     * upcoming changes on). A day's arrival is found within this long of midnight UTC.
     */
    @WithDefault("1h")
    Duration dateCheckInterval();
}
