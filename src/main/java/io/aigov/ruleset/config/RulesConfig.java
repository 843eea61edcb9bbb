package io.aigov.ruleset.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "aigov.rules")
public interface RulesConfig {

    /** Folder holding the .drl files and thresholds.properties; when it does not exist the bundled rules are used. */
    @WithDefault("rules")
    String directory();

    /** Rule firings one evaluation may take before it is stopped as a runaway ruleset. */
    @WithDefault("10000")
    int maxFirings();
}
