package io.aigov.audit.config;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

@ConfigMapping(prefix = "aigov.audit")
public interface AuditConfig {

    /**
     * Text fields of the submitted use case (name, description) replaced by "[masked]" before the
     * record is stored, because they can hold personal data. The decision is taken on the full input.
     */
    Optional<List<String>> maskedFields();
}
