package io.aigov.ruleset.health;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.aigov.ruleset.isolation.service.CheckProcesses;

/**
 * How rule candidates are checked (the child process's limits, and whether bubblewrap confines it),
 * whether a check process stands by: ready (warm), starting, or none (the next check starts one),
 * how many check processes there are of how many there may be, and how many checks wait for one.
 * Always up: evaluations do not need it.
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
        CheckProcesses.Load load = processes.load();
        return HealthCheckResponse.named("candidate-checks").up()
                .withData("processes", load.inUse() + " of " + load.limit())
                .withData("waiting", load.waiting())
                .withData("isolation", processes.isolation())
                .withData("spare", processes.spare().name().toLowerCase(Locale.ROOT))
                .build();
    }
}
