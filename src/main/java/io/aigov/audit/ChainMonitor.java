package io.aigov.audit;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

import io.aigov.audit.AuditChainVerifier.Result;
import io.aigov.audit.config.AuditConfig;
import io.aigov.shared.DaemonThreads;

/**
 * Verifies the chain in the background: the records added since the last round (from the last
 * verified record on) every interval, the whole chain every full interval, each time against the
 * latest signed checkpoint; then signs the verified head as a new checkpoint when one is due. A
 * broken chain is logged as an error once per change, shown in its health check and metrics, and
 * verified in full each round until it holds again. Evaluations go on being served and recorded.
 */
@ApplicationScoped
public class ChainMonitor {

    private static final Logger LOG = Logger.getLogger(ChainMonitor.class);

    /** What the last round found. */
    public record Status(Instant checkedAt, Result result, AuditChain.Head verified, Instant lastFullVerification,
            Checkpoint latestCheckpoint) {
    }

    private final AuditChainVerifier verifier;
    private final Checkpoints checkpoints;
    private final AuditConfig.Monitor settings;
    private final AuditConfig.Checkpoints checkpointSettings;
    private final ScheduledExecutorService rounds = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("audit-chain-monitor"));
    private final Counter signed;
    private volatile Status status;
    /** The head of the chain as last verified, or null before the first verification that held. */
    private AuditChain.Head verified;
    private Instant lastFull;
    private Checkpoint lastSigned;

    public ChainMonitor(AuditChainVerifier verifier, Checkpoints checkpoints, AuditConfig config, MeterRegistry metrics) {
        this.verifier = verifier;
        this.checkpoints = checkpoints;
        this.settings = config.monitor();
        this.checkpointSettings = config.checkpoint();
        Gauge.builder("aigov.audit.chain.intact", this, monitor -> monitor.status == null ? Double.NaN : monitor.status.result().ok() ? 1 : 0)
                .description("1 while the last verification of the audit chain found it intact, 0 once it found it broken").register(metrics);
        Gauge.builder("aigov.audit.chain.broken.at", this, monitor -> monitor.status == null || monitor.status.result().ok() ? 0
                : monitor.status.result().brokenAt()).description("Sequence number of the first broken audit record, 0 while the chain holds")
                .register(metrics);
        Gauge.builder("aigov.audit.chain.verified.seq", this, monitor -> monitor.status == null || monitor.status.verified() == null ? 0
                : monitor.status.verified().seq()).description("Sequence number of the last audit record verified in the background")
                .register(metrics);
        this.signed = Counter.builder("aigov.audit.checkpoints.signed").description("Checkpoints of the audit chain signed by this instance")
                .register(metrics);
    }

    void start(@Observes StartupEvent started) {
        if (settings.enabled()) {
            rounds.scheduleWithFixedDelay(this::round, 0, settings.interval().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @PreDestroy
    void stop() {
        rounds.shutdownNow();
    }

    /** The last round's finding, or empty before the first round ended (or with the monitor switched off). */
    public Optional<Status> status() {
        return Optional.ofNullable(status);
    }

    private void round() {
        try {
            Instant now = Instant.now();
            Optional<Checkpoints.Found> latest = checkpoints.latest();
            Checkpoint checkpoint = latest.map(Checkpoints.Found::checkpoint).orElse(null);
            boolean full = verified == null || lastFull == null || status == null || !status.result().ok()
                    || Duration.between(lastFull, now).compareTo(settings.fullInterval()) >= 0;
            Result result;
            if (latest.isPresent() && !latest.get().signatureHolds()) {
                result = Result.forgedCheckpoint(checkpoint, latest.get().where());
            } else if (full) {
                // One range at a time: the background check leaves the other cores to evaluations.
                result = verifier.verify(1, null, null, checkpoint, 1);
                lastFull = now;
            } else {
                result = verifier.verify(verified.seq(), null, verified, checkpoint, 1);
            }
            if (result.ok()) {
                if (result.head() != null) {
                    verified = result.head();
                }
                if (verified != null && signatureDue(checkpoint, now)) {
                    lastSigned = checkpoints.sign(verified);
                    checkpoint = lastSigned;
                    signed.increment();
                }
            }
            report(result);
            status = new Status(now, result, verified, lastFull, checkpoint);
        } catch (RuntimeException | IOException e) {
            LOG.errorf(e, "Verifying the audit chain in the background failed; trying again in %s", settings.interval());
        }
    }

    /** A checkpoint is due once records were added since the last one and the interval passed, or enough records were added. */
    private boolean signatureDue(Checkpoint latest, Instant now) {
        Checkpoint last = lastSigned != null && (latest == null || lastSigned.seq() >= latest.seq()) ? lastSigned : latest;
        if (last == null) {
            return true;
        }
        long added = verified.seq() - last.seq();
        if (added <= 0) {
            return false;
        }
        return Duration.between(last.signedAt(), now).compareTo(checkpointSettings.interval()) >= 0
                || checkpointSettings.records().map(records -> added >= records).orElse(false);
    }

    private void report(Result result) {
        Result previous = status == null ? null : status.result();
        if (!result.ok() && (previous == null || previous.ok() || !Objects.equals(previous.brokenAt(), result.brokenAt())
                || previous.problem() != result.problem())) {
            LOG.errorf("The audit chain is broken at seq %d: %s, %s", result.brokenAt(), result.problem(), result.detail());
        } else if (result.ok() && previous != null && !previous.ok()) {
            LOG.infof("The audit chain holds again: %d records verified up to seq %d", result.count(), verified == null ? 0 : verified.seq());
        }
    }
}
