package io.aigov.audit.stream;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

import io.aigov.audit.AuditExport;
import io.aigov.audit.SiemDelivery;
import io.aigov.audit.config.AuditConfig;
import io.aigov.shared.DaemonThreads;

/**
 * Delivers every audit record, at least once and in chain order, to the configured sink. Progress is
 * the last delivered seq, kept per sink in the database and moved only once the sink took a batch,
 * so delivery resumes there after a restart or an outage; a failed batch is sent again, whole,
 * after a back-off. One instance delivers to a sink at a time (it holds the sink's row while it
 * delivers a batch). Delivery runs on its own thread and reads committed records only: an
 * evaluation never waits for it.
 */
@ApplicationScoped
public class AuditStream implements SiemDelivery {

    private static final Logger LOG = Logger.getLogger(AuditStream.class);

    private final AuditConfig.Stream settings;
    private final DataSource dataSource;
    private final AuditExport export;
    private final StreamSink sink;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(DaemonThreads.named("audit-stream"));
    private final AtomicLong lag = new AtomicLong();
    private final Counter delivered;
    private final Counter failures;
    private volatile boolean stopping;

    public AuditStream(AuditConfig config, DataSource dataSource, AuditExport export, MeterRegistry metrics) {
        this.settings = config.stream();
        this.dataSource = dataSource;
        this.export = export;
        this.sink = switch (settings.sink()) {
            case NONE -> null;
            case STDOUT -> FileSink.stdout(new FileOutputStream(FileDescriptor.out));
            case FILE -> FileSink.file(settings.file().orElseThrow(
                    () -> new IllegalStateException("aigov.audit.stream.file: the FILE sink needs the file to append to")));
            case WEBHOOK -> new WebhookSink(settings.webhookUrl().orElseThrow(
                    () -> new IllegalStateException("aigov.audit.stream.webhook-url: the WEBHOOK sink needs the address to post to")),
                    settings.webhookAuthorization(), settings.webhookTimeout());
        };
        if (settings.batchSize() < 1) {
            throw new IllegalStateException("aigov.audit.stream.batch-size must be at least 1, not " + settings.batchSize());
        }
        Gauge.builder("aigov.audit.stream.lag", lag, AtomicLong::get).baseUnit("records")
                .description("Audit records committed but not yet delivered to the SIEM sink").register(metrics);
        this.delivered = Counter.builder("aigov.audit.stream.delivered").baseUnit("records")
                .description("Audit records delivered to the SIEM sink by this instance").register(metrics);
        this.failures = Counter.builder("aigov.audit.stream.failures").description("Failed deliveries to the SIEM sink, each retried")
                .register(metrics);
    }

    void start(@Observes StartupEvent started) {
        if (sink != null) {
            LOG.infof("Streaming the audit records to %s", sink.name());
            worker.execute(this::run);
        }
    }

    @PreDestroy
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

    @Override
    public OptionalLong deliveredUpTo() throws SQLException {
        if (sink == null) {
            return OptionalLong.empty();
        }
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(
                "select delivered_seq from audit_stream_position where sink = ?")) {
            select.setString(1, sink.name());
            try (ResultSet row = select.executeQuery()) {
                return OptionalLong.of(row.next() ? row.getLong(1) : 0);
            }
        }
    }

    @Override
    public String sinkName() {
        return sink == null ? null : sink.name();
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
