package io.aigov.cluster.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "aigov.cluster")
public interface ClusterConfig {

    /**
     * How often an instance compares its active ruleset with the one recorded in the database, in
     * case a notification was lost; also the wait before reconnecting the notification listener.
     */
    @WithDefault("2s")
    Duration checkInterval();
}
