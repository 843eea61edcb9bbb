package io.aigov.audit.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "aigov.audit")
public interface AuditConfig {

    /**
     * Text fields of the submitted use case (name, description) replaced by "[masked]" before the
     * record is stored, because they can hold personal data. The decision is taken on the full input.
     */
    Optional<List<String>> maskedFields();

    /**
     * How long an evaluation waits for its audit record to be committed before it is answered 503
     * instead (the record may still be committed afterwards; the decision is never given out).
     */
    @WithDefault("10s")
    Duration writeTimeout();

    /** Verification of the chain walks consecutive ranges side by side: this many at most (default: one per core). */
    Optional<Integer> verificationThreads();

    /** Records per range below which verification walks the chain in fewer ranges, since starting one costs too. */
    @WithDefault("50000")
    long verificationMinRange();
}
