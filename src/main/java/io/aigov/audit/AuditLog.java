package io.aigov.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import io.aigov.audit.config.AuditConfig;
import io.aigov.decision.engine.Decision;
import io.aigov.decision.explain.Counterfactuals;
import io.aigov.decision.model.UseCase;

/**
 * The audit trail. Appending an evaluation or a board decision commits before it returns, so whoever
 * holds a decision knows its record is durable; when the record cannot be committed the caller gets
 * an {@link AuditUnavailableException} and must not give the decision out. An event of the rules or
 * of an account is appended in the transaction of the change it records, so the two commit together.
 */
@ApplicationScoped
public class AuditLog {

    private final GroupCommit<ChainAppender.Prepared> groupCommit;
    private final ChainAppender appender;
    private final AuditRows rows;
    private final AuditPartitions partitions;
    private final DataSource dataSource;
    private final MaskedFields masked;

    public AuditLog(ChainAppender appender, AuditRows rows, AuditPartitions partitions, DataSource dataSource, AuditConfig config,
            MeterRegistry metrics) {
        this.appender = appender;
        this.rows = rows;
        this.partitions = partitions;
        this.dataSource = dataSource;
        this.masked = new MaskedFields(config.maskedFields().orElse(List.of()));
        Timer commits = Timer.builder("aigov.audit.commit.duration").description("Time to link and commit one batch of audit records")
                .publishPercentileHistogram().register(metrics);
        DistributionSummary batches = DistributionSummary.builder("aigov.audit.commit.batch").baseUnit("records")
                .description("Audit records committed together in one transaction").serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256)
                .register(metrics);
        this.groupCommit = new GroupCommit<>(batch -> {
            commits.record(() -> appender.append(batch));
            batches.record(batch.size());
        }, ChainAppender::refusedForContent, config.writeTimeout());
    }

    @PreDestroy
    void stop() {
        groupCommit.stop();
    }

    /**
     * Returns once the record is committed at the end of the chain; otherwise throws
     * {@link AuditUnavailableException}. Records appended at the same time share a transaction.
     */
    public void append(AuditRecord record) {
        groupCommit.append(ChainAppender.prepare(record));
    }

    /**
     * The record of an evaluation: the input as understood, stored with the configured fields
     * masked, the decision the rules took on it (on the full input) and its counterfactuals. The
     * caller appends it ({@link #append}, or with others in its transaction,
     * {@link #appendAllInTransaction}) before the decision leaves the service.
     */
    public AuditRecord evaluationRecord(Instant evaluatedAt, String requestedBy, UseCase understood, Decision decision,
            Counterfactuals counterfactuals) {
        return AuditRecord.ofEvaluation(UUID.randomUUID(), evaluatedAt, requestedBy, masked.masked(understood), masked.fields(), decision,
                counterfactuals);
    }

    /**
     * Appends the record of a change in the caller's transaction, which then holds the end of the
     * chain until it commits: keep what follows short. The record commits with the change, or
     * neither does.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void appendInTransaction(AuditRecord record) {
        appendAllInTransaction(List.of(record));
    }

    /** As {@link #appendInTransaction}, the records one after the other, the chain taken once. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void appendAllInTransaction(List<AuditRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        List<ChainAppender.Prepared> prepared = records.stream().map(ChainAppender::prepare).toList();
        // Inside a transaction the pool hands out the connection enlisted in it.
        try (Connection connection = dataSource.getConnection()) {
            appender.appendInTransaction(connection, prepared);
        } catch (SQLException e) {
            throw new AuditUnavailableException(AuditUnavailableException.Reason.DATABASE_ERROR, e);
        }
    }

    /**
     * Completes, oldest first, up to {@code limit} evaluations after {@code afterSeq} that were
     * answered with their counterfactuals incomplete: each is searched again by {@code search} and
     * what it finds is appended as a {@link AuditKind#COUNTERFACTUALS} record naming the evaluation.
     * An evaluation another replica is completing at the same moment is left to it; the replicas
     * take each one in turn through a database lock, so each evaluation gets one completion.
     *
     * @return the sequence number up to which every such evaluation is completed: the next call starts after it
     */
    public long completeCounterfactuals(long afterSeq, int limit, Function<AuditRecord, Counterfactuals> search) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (PreparedStatement lock = connection.prepareStatement(
                    "select pg_try_advisory_xact_lock(hashtext('audit_log_counterfactuals'), hashtext(?::text))")) {
                long through = afterSeq;
                for (AuditRecord evaluation : rows.awaitingCounterfactuals(connection, afterSeq, limit)) {
                    lock.setObject(1, evaluation.id);
                    try (ResultSet taken = lock.executeQuery()) {
                        taken.next();
                        if (!taken.getBoolean(1)) {
                            return through;
                        }
                    }
                    // Read again once locked: another replica may have completed it since the list was read.
                    if (rows.completionOf(connection, evaluation.id).isEmpty()) {
                        Counterfactuals found = search.apply(evaluation);
                        append(AuditRecord.ofCounterfactuals(evaluation, found, Instant.now().truncatedTo(ChronoUnit.MICROS)));
                    }
                    through = evaluation.seq;
                }
                return through;
            } finally {
                // Nothing is written on this connection (the records go through the chain's writer);
                // ending its transaction releases the locks.
                connection.rollback();
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException("reading the evaluations awaiting counterfactuals failed", e));
        }
    }

    /** The record that completed an evaluation's counterfactuals, if it was answered without all of them and completed since. */
    public Optional<AuditRecord> completionOf(AuditRecord evaluation) {
        if (evaluation.kind != AuditKind.EVALUATION || evaluation.counterfactuals == null || evaluation.counterfactuals.complete()) {
            return Optional.empty();
        }
        return rows.completionOf(evaluation.id);
    }

    public Optional<AuditChain.Head> head() {
        return rows.head();
    }

    public Optional<AuditRecord> find(UUID id) {
        return rows.find(id);
    }

    /** What happened to a control, oldest first: the {@link AuditKind#CONTROL_EVENT} records naming it. */
    public List<AuditRecord> controlEvents(UUID control) {
        return rows.controlEvents(control);
    }

    /**
     * Every record about a use case, oldest first: the given evaluations of it and their completed
     * counterfactuals, the board's decisions on it, and the events of it and of its controls.
     */
    public List<AuditRecord> aboutUseCase(UUID useCase, List<UUID> evaluations) {
        return rows.aboutUseCase(useCase, evaluations);
    }

    /** The latest audited decisions, newest first. */
    public List<AuditedDecision> latestDecisions(int limit) {
        return rows.latestDecisions(limit);
    }

    /** Audit records matching every given filter, newest first in chain order. */
    public AuditPage search(AuditQuery query, int page, int size) {
        return search(query, AuditOrder.NEWEST_FIRST, page, size);
    }

    /**
     * Audit records matching every given filter, in chain order (newest first when no order is given). The chain's ranges are read in that
     * order ({@link AuditPartitions#searchRanges()}, newest first, reversed for oldest first): matches
     * are counted in each until the page and the count are found, then the page is read from the
     * ranges that hold it, so PostgreSQL plans each statement over a few partitions, however many the
     * chain has.
     */
    public AuditPage search(AuditQuery query, AuditOrder order, int page, int size) {
        AuditOrder listed = order == null ? AuditOrder.NEWEST_FIRST : order;
        AuditFilter filter = AuditFilter.of(query);
        long offset = (long) page * size;
        long wanted = Math.max(offset + size, AuditPage.COUNT_LIMIT + 1);
        List<AuditRecord> records = new ArrayList<>();
        long seen = 0;
        List<AuditPartitions.SeqRange> ranges = new ArrayList<>(partitions.searchRanges());
        if (listed == AuditOrder.OLDEST_FIRST) {
            java.util.Collections.reverse(ranges);
        }
        for (AuditPartitions.SeqRange range : ranges) {
            AuditFilter within = filter.within(range);
            long matches = rows.count(within, wanted - seen);
            if (seen + matches > offset && records.size() < size) {
                long skip = Math.max(0, offset - seen);
                records.addAll(rows.inOrder(within, listed, skip, size - records.size()));
            }
            seen += matches;
            if (seen >= wanted) {
                break;
            }
        }
        return new AuditPage(records, page, size, Math.min(seen, AuditPage.COUNT_LIMIT), seen <= AuditPage.COUNT_LIMIT);
    }

    /** Evaluations only, newest first. */
    public AuditPage evaluations(int page, int size) {
        return search(AuditQuery.EVALUATIONS, page, size);
    }

    public Optional<AuditRecord> findEvaluation(UUID id) {
        return find(id).filter(record -> record.kind == AuditKind.EVALUATION);
    }
}
