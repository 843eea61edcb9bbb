package io.aigov.ruleset.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.aigov.decision.ruleset.Ruleset;
import io.aigov.ruleset.service.ActiveRuleset;

/** Ready once a ruleset is active; says which version and where it came from. */
@Readiness
@ApplicationScoped
public class RulesetHealthCheck implements HealthCheck {

    private final ActiveRuleset activeRuleset;

    public RulesetHealthCheck(ActiveRuleset activeRuleset) {
        this.activeRuleset = activeRuleset;
    }

    @Override
    public HealthCheckResponse call() {
        Ruleset ruleset = activeRuleset.current();
        return HealthCheckResponse.named("ruleset").up()
                .withData("version", ruleset.version())
                .withData("source", ruleset.source())
                .build();
    }
}
