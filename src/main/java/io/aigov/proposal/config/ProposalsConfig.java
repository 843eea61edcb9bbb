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

    /**
     * How many use cases an instance decides again at once after a new version serves or a date
     * comes. More finish the pass sooner and slow the evaluations answered meanwhile: they share the
     * cores and the end of the audit chain (docs/performance.md).
     */
    @WithDefault("1")
    int reassessmentWorkers();

    /**
     * How many use cases are decided again in one transaction, their records appended to the audit
     * chain together: fewer commits, and a longer hold on the chain's end for the evaluations waiting.
     */
    @WithDefault("3")
    int reassessmentBatch();
}
