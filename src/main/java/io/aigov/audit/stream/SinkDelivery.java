package io.aigov.audit.stream;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import io.aigov.audit.AuditExport;
import io.aigov.audit.config.AuditConfig;
import io.aigov.shared.DaemonThreads;

/**
 * Delivers every audit record to one sink, at least once and in chain order, on a thread of its
 * own with a back-off of its own, so a sink that fails holds back no other. Progress is the last
 * delivered seq, kept in the sink's row of {@code audit_stream_position} and moved only once the
 * sink took a batch, so delivery resumes there after a restart or an outage; a failed batch is sent
 * again, whole. One instance delivers to a sink at a time (it holds the sink's row while it
 * delivers a batch).
 */
final class SinkDelivery {

    private static final Logger LOG = Logger.getLogger(SinkDelivery.class);

    private final AuditSink sink;
    private final AuditConfig.Stream settings;
    private final DataSource dataSource;
    private final AuditExport export;
    private final ExecutorService worker;
    private final AtomicLong lag = new AtomicLong();
    private final Counter delivered;
    private final Counter failures;
    private volatile boolean stopping;

    /** @param configuredAs the name the sink is configured by, which tags its metrics */
    SinkDelivery(String configuredAs, AuditSink sink, AuditConfig.Stream settings, DataSource dataSource, AuditExport export,
            MeterRegistry metrics) {
        this.sink = sink;
        this.settings = settings;
        this.dataSource = dataSource;
        this.export = export;
        this.worker = Executors.newSingleThreadExecutor(DaemonThreads.named("audit-stream-" + configuredAs));
        Gauge.builder("aigov.audit.stream.lag", lag, AtomicLong::get).tag("sink", configuredAs).baseUnit("records")
                .description("Audit records committed but not yet delivered to the SIEM sink").register(metrics);
        this.delivered = Counter.builder("aigov.audit.stream.delivered").tag("sink", configuredAs).baseUnit("records")
                .description("Audit records delivered to the SIEM sink by this instance").register(metrics);
        this.failures = Counter.builder("aigov.audit.stream.failures").tag("sink", configuredAs)
                .description("Failed deliveries to the SIEM sink, each retried").register(metrics);
    }

    String sinkName() {
        return sink.name();
    }

    void start() {
        LOG.infof("Streaming the audit records to %s", sink.name());
        worker.execute(this::run);
    }

    void stop() {
        stopping = true;
        worker.shutdownNow();
    }

    private void run() {
        Duration backOff = settings.retryInitialDelay();
        while (!stopping) {
            try {
                Round round = deliverOnce();
                backOff = settings.retryInitialDelay();
                if (round != Round.FULL_BATCH) {
                    TimeUnit.MILLISECONDS.sleep(settings.pollInterval().toMillis());
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException | SQLException | RuntimeException e) {
                if (stopping) {
                    return;
                }
                failures.increment();
                LOG.warnf("Delivering audit records to %s failed (%s); trying again in %s", sink.name(),
                        e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), backOff);
                try {
                    TimeUnit.MILLISECONDS.sleep(backOff.toMillis());
                } catch (InterruptedException stopped) {
                    return;
                }
                backOff = backOff.multipliedBy(2).compareTo(settings.retryMaxDelay()) > 0 ? settings.retryMaxDelay() : backOff.multipliedBy(2);
            }
        }
    }

    private enum Round {
        NOTHING_NEW,
        PARTIAL_BATCH,
        FULL_BATCH,
        ANOTHER_INSTANCE_DELIVERS
    }

    /** Sends the next batch after the sink's position and moves the position past it, in one transaction. */
    private Round deliverOnce() throws IOException, SQLException {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement register = connection.prepareStatement("insert into audit_stream_position (sink, delivered_seq, updated_at)"
                    + " values (?, 0, now()) on conflict (sink) do nothing")) {
                register.setString(1, sink.name());
                register.executeUpdate();
            }
            connection.setAutoCommit(false);
            try {
                Long position = lockedPosition(connection);
                if (position == null) {
                    connection.rollback();
                    return Round.ANOTHER_INSTANCE_DELIVERS;
                }
                List<String> lines = new ArrayList<>();
                long[] last = { position };
                export.jsonLinesAfter(position, settings.batchSize(), (seq, line) -> {
                    lines.add(line);
                    last[0] = seq;
                });
                long head = head(connection);
                lag.set(head - position);
                if (lines.isEmpty()) {
                    connection.rollback();
                    return Round.NOTHING_NEW;
                }
                sink.deliver(lines);
                try (PreparedStatement advance = connection.prepareStatement(
                        "update audit_stream_position set delivered_seq = ?, updated_at = now() where sink = ?")) {
                    advance.setLong(1, last[0]);
                    advance.setString(2, sink.name());
                    advance.executeUpdate();
                }
                connection.commit();
                lag.set(head - last[0]);
                delivered.increment(lines.size());
                return lines.size() == settings.batchSize() ? Round.FULL_BATCH : Round.PARTIAL_BATCH;
            } catch (IOException | SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    /** The last record the sink acknowledged, 0 before its first delivery. */
    long deliveredUpTo() throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(
                "select delivered_seq from audit_stream_position where sink = ?")) {
            select.setString(1, sink.name());
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getLong(1) : 0;
            }
        }
    }

    /** The sink's position, holding its row until the transaction ends; null while another instance holds it. */
    private Long lockedPosition(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "select delivered_seq from audit_stream_position where sink = ? for update skip locked")) {
            select.setString(1, sink.name());
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getLong(1) : null;
            }
        }
    }

    private static long head(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("select coalesce(max(seq), 0) from audit_log");
                ResultSet row = select.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }
}
