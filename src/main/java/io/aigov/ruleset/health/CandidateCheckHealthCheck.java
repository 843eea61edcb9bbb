package io.aigov.ruleset.health;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.aigov.ruleset.isolation.service.CheckProcesses;

/**
 * How rule candidates are checked (the child process's limits, and whether bubblewrap confines it)
 * and whether a check process stands by: ready (warm), starting, or none (the next check starts
 * one). Always up: evaluations do not need it.
 */
@Readiness
@ApplicationScoped
public class CandidateCheckHealthCheck implements HealthCheck {

    private final CheckProcesses processes;

    public CandidateCheckHealthCheck(CheckProcesses processes) {
        this.processes = processes;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("candidate-checks").up()
                .withData("isolation", processes.isolation())
                .withData("spare", processes.spare().name().toLowerCase(Locale.ROOT))
                .build();
    }
}
