package io.aigov.ruleset.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import io.aigov.decision.engine.EvaluationLimits;

@ConfigMapping(prefix = "aigov.rules")
public interface RulesConfig {

    /** Folder holding the .drl files and thresholds.properties; when it does not exist the bundled rules are used. */
    @WithDefault("rules")
    String directory();

    /** Whether saved changes in the rules folder are activated without a restart. */
    @WithDefault("true")
    boolean watch();

    /** Quiet time after the last change in the folder before it is reloaded, so a multi-file save reloads once. */
    @WithDefault("200ms")
    Duration watchSettle();

    /**
     * Four-eyes control: a rule change (an upload, or an edit saved in the folder) that passes the
     * checks waits until a second person with the rule-author or board role approves it. Off, a
     * passing change activates at once (local development).
     */
    @WithDefault("true")
    boolean approvalRequired();

    /**
     * Folder where the compiled form of the serving rules is kept, so a restart serves them without
     * compiling them (docs/operations.md, "Start-up"); unset or empty, the rules are compiled at every start.
     */
    Optional<String> compiledCacheDirectory();

    /** Rule firings one evaluation may take before it is stopped as a runaway ruleset. */
    @WithDefault("10000")
    int maxFirings();

    /**
     * Wall-clock time one evaluation may take; past it the request is answered with a problem naming
     * the rule that was running, and the rules are stopped.
     */
    @WithDefault("2s")
    Duration evaluationDeadline();

    /**
     * How many of the latest evaluations the rule simulator offers rule authors to try a change on,
     * each by its use case's name (masked where the audit log masks it), verdict and time. 0 offers
     * none and refuses to simulate on a recorded evaluation: rule authors then type a use case in.
     */
    @WithDefault("20")
    int simulatorRecentEvaluations();

    default EvaluationLimits limits() {
        return new EvaluationLimits(maxFirings(), evaluationDeadline());
    }
}
