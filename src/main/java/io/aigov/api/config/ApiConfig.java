package io.aigov.api.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "aigov.api")
public interface ApiConfig {

    /** Largest JSON request body accepted; larger ones get 413. */
    @WithDefault("64K")
    MemorySize maxBodySize();

    /** Seconds a client is told to wait (Retry-After) when the audit log cannot be written. */
    @WithDefault("5")
    int retryAfterSeconds();
}
