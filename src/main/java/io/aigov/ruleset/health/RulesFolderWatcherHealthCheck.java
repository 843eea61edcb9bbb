package io.aigov.ruleset.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.aigov.ruleset.service.RulesFolderWatcher;

/** Unready when the rules folder is watched no more, so an orchestrator restarts the instance instead of it serving stale rules. */
@Readiness
@ApplicationScoped
public class RulesFolderWatcherHealthCheck implements HealthCheck {

    private final RulesFolderWatcher watcher;

    public RulesFolderWatcherHealthCheck(RulesFolderWatcher watcher) {
        this.watcher = watcher;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("rules-folder-watcher").status(!watcher.deaf()).build();
    }
}
