package io.aigov.api.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "aigov.api")
public interface ApiConfig {

    /**
     * Largest JSON request body accepted; larger ones get 413. Room for a use case's answers to its
     * packs' questions (text answers up to 2,000 characters each), so that an answer too long for its
     * question is refused naming the question rather than the body.
     */
    @WithDefault("256K")
    MemorySize maxBodySize();

    /**
     * Largest JSON request body of a type that carries files (a candidate ruleset); the HTTP limit
     * ({@code quarkus.http.limits.max-body-size}, 1M) bounds it and every upload.
     */
    @WithDefault("1M")
    MemorySize maxFilesBodySize();

    /** Seconds a client is told to wait (Retry-After) when the audit log cannot be written. */
    @WithDefault("5")
    int retryAfterSeconds();
}
