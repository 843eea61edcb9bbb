package io.aigov.ruleset.service;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The answers that refused a check for want of check processes (a 503, through the API or the
 * console), counted with the service's other 503 answers.
 */
@Singleton
public class BusyChecks {

    private final Counter refused;

    public BusyChecks(MeterRegistry metrics) {
        this.refused = metrics.counter("aigov.unavailable.responses", "cause", "rule_checks_busy");
    }

    /** Counts one more check refused for now. */
    public void refused() {
        refused.increment();
    }
}
