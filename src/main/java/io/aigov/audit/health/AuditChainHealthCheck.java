package io.aigov.audit.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import io.aigov.audit.AuditChainVerifier.Result;
import io.aigov.audit.ChainMonitor;
import io.smallrye.health.api.Wellness;

/**
 * The background verification of the audit chain. A wellness check: listed in /q/health, down when
 * the chain is broken, but never in readiness or liveness, since evaluations go on being served
 * and recorded, and restarting the service would not mend the chain.
 */
@Wellness
@ApplicationScoped
public class AuditChainHealthCheck implements HealthCheck {

    private final ChainMonitor monitor;

    public AuditChainHealthCheck(ChainMonitor monitor) {
        this.monitor = monitor;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("audit-chain");
        return monitor.status().map(status -> {
            Result result = status.result();
            response.status(result.ok()).withData("checkedAt", status.checkedAt().toString());
            if (status.verified() != null) {
                response.withData("verifiedSeq", status.verified().seq());
            }
            if (status.lastFullVerification() != null) {
                response.withData("lastFullVerification", status.lastFullVerification().toString());
            }
            if (status.latestCheckpoint() != null) {
                response.withData("checkpointSeq", status.latestCheckpoint().seq())
                        .withData("checkpointSignedAt", status.latestCheckpoint().signedAt().toString());
            }
            if (!result.ok()) {
                response.withData("brokenAt", result.brokenAt()).withData("problem", result.problem().name())
                        .withData("detail", result.detail());
            }
            return response.build();
        }).orElseGet(() -> response.up().withData("checkedAt", "not yet").build());
    }
}
