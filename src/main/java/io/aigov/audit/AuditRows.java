package io.aigov.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads audit records, with the columns as {@link AuditColumn} maps them: a page or one record as
 * today's classes, or any number of them through a database cursor (export, chain verification)
 * with flat memory, each handed over and then forgotten.
 */
@ApplicationScoped
class AuditRows {

    private static final int FETCH_SIZE = 500;

    private final DataSource dataSource;

    AuditRows(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The latest record of the chain, read without a transaction or request context of the caller's (background work has none). */
    Optional<AuditChain.Head> head() {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(ChainAppender.HEAD);
                ResultSet row = statement.executeQuery()) {
            return row.next() ? Optional.of(new AuditChain.Head(row.getLong(1), row.getString(2))) : Optional.empty();
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException("reading the head of the audit chain failed", e));
        }
    }

    /** The last record of the latest archived partition: the chain in the database continues after it. */
    Optional<AuditChain.Head> archivedBoundary() {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(
                "select last_seq, last_hash from audit_archive order by last_seq desc limit 1"); ResultSet row = statement.executeQuery()) {
            return row.next() ? Optional.of(new AuditChain.Head(row.getLong(1), row.getString(2))) : Optional.empty();
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException("reading the archived partitions failed", e));
        }
    }

    /** Reads the columns of the current row of a result set. */
    interface ColumnsConsumer {
        void accept(ResultSet row) throws IOException, SQLException;
    }

    /**
     * A record as the database holds it: its place in the chain, the canonical text kept with it
     * (null for records written before it was kept), and its content built from the columns' own
     * JSON, never through today's classes, so a field added to the model since changes nothing.
     */
    record StoredRecord(long seq, String prevHash, String hash, String canonical, ObjectNode content) {

        /** The text the hash must cover: the kept canonical text, or for older records their columns' canonical form. */
        String hashedText() {
            return canonical != null ? canonical : AuditChain.canonical(content);
        }

        /** Whether the columns say what the kept canonical text says (older records have only their columns). */
        boolean columnsMatchCanonical() throws IOException {
            return canonical == null || AuditColumn.parse(canonical).equals(content);
        }
    }

    interface StoredConsumer {
        void accept(StoredRecord row) throws IOException;
    }

    /** Streams matching rows as stored, with the content the chain's canonical form is made of (docs/audit.md, "Audit chain"). */
    void eachStored(AuditFilter filter, String orderBy, StoredConsumer consumer) throws IOException {
        eachRow(AuditColumn.LIST, filter, orderBy, rows -> consumer.accept(new StoredRecord(rows.getLong(AuditColumn.SEQ.position()),
                rows.getString(AuditColumn.PREV_HASH.position()), rows.getString(AuditColumn.HASH.position()),
                rows.getString(AuditColumn.CANONICAL.position()), AuditColumn.storedContent(rows))));
    }

    /** Matches of the filter, counted up to {@code limit}. */
    long count(AuditFilter filter, long limit) {
        return query("select count(*) from (select 1 from audit_log" + filter.where() + " limit " + limit + ") matching", filter, rows -> {
            rows.next();
            return rows.getLong(1);
        });
    }

    /** Matching records in chain order, newest or oldest first, after skipping {@code skip} of them. */
    List<AuditRecord> inOrder(AuditFilter filter, AuditOrder order, long skip, int limit) {
        return query("select " + AuditColumn.LIST + " from audit_log" + filter.where() + " order by seq"
                + (order == AuditOrder.NEWEST_FIRST ? " desc" : "") + " offset " + skip + " limit " + limit, filter, AuditRows::records);
    }

    /** The control's events, oldest first (an index of the control's id in the event keeps this off the rest of the chain). */
    List<AuditRecord> controlEvents(UUID control) {
        return query("select " + AuditColumn.LIST + " from audit_log where kind = 'CONTROL_EVENT' and (event -> 'details' ->> 'control') = ?"
                + " order by seq", new AuditFilter("", List.of(control.toString())), AuditRows::records);
    }

    /**
     * The records about one use case, oldest first: its evaluations (and what completed their
     * counterfactuals), the board's decisions on it, and the events of it and of its controls.
     */
    List<AuditRecord> aboutUseCase(UUID useCase, List<UUID> evaluations) {
        List<Object> parameters = new ArrayList<>(List.of(useCase.toString(), useCase.toString()));
        String listed = "";
        if (!evaluations.isEmpty()) {
            String marks = String.join(", ", Collections.nCopies(evaluations.size(), "?"));
            listed = " or id in (" + marks + ") or completes in (" + marks + ")";
            parameters.addAll(evaluations);
            parameters.addAll(evaluations);
        }
        return query("select " + AuditColumn.LIST + " from audit_log where (kind in ('INVENTORY_EVENT', 'CONTROL_EVENT')"
                + " and (event -> 'details' ->> 'useCase') = ?) or (kind = 'BOARD_DECISION' and (decision ->> 'proposalId') = ?)" + listed
                + " order by seq", new AuditFilter("", parameters), AuditRows::records);
    }

    Optional<AuditRecord> find(UUID id) {
        return query("select " + AuditColumn.LIST + " from audit_log where id = ?", new AuditFilter("", List.of(id)), AuditRows::records)
                .stream().findFirst();
    }

    /** The latest evaluations, newest first, with only what a replay needs. */
    List<AuditedDecision> latestDecisions(int limit) {
        AuditColumn[] read = { AuditColumn.ID, AuditColumn.EVALUATED_AT, AuditColumn.INPUT, AuditColumn.APPROACH, AuditColumn.VERDICT,
                AuditColumn.EXPOSURES };
        return query("select " + AuditColumn.names(read) + " from audit_log where kind = ? order by seq desc limit " + limit,
                new AuditFilter("", List.of(AuditKind.EVALUATION.name())), rows -> {
                    List<AuditedDecision> decisions = new ArrayList<>();
                    while (rows.next()) {
                        Object[] values = AuditColumn.values(rows, read);
                        decisions.add(new AuditedDecision(AuditColumn.ID.in(values), AuditColumn.EVALUATED_AT.in(values),
                                AuditColumn.INPUT.in(values), AuditColumn.APPROACH.approach(values), AuditColumn.VERDICT.verdict(values),
                                AuditColumn.EXPOSURES.in(values)));
                    }
                    return decisions;
                });
    }

    /** The evaluations still waiting for a whole counterfactual search, oldest first, each read whole. */
    private static final String AWAITING_COUNTERFACTUALS = "select " + AuditColumn.LIST + " from audit_log e"
            + " where kind = 'EVALUATION' and (counterfactuals ->> 'complete') = 'false' and seq > ?"
            + " and not exists (select 1 from audit_log c where c.completes = e.id) order by seq limit ?";
    private static final String COMPLETION = "select " + AuditColumn.LIST + " from audit_log where completes = ? order by seq limit 1";

    /**
     * Evaluations after {@code afterSeq} answered with their counterfactuals incomplete and not
     * completed by a {@link AuditKind#COUNTERFACTUALS} record, oldest first, on the caller's connection.
     */
    List<AuditRecord> awaitingCounterfactuals(Connection connection, long afterSeq, int limit) throws SQLException {
        return read(connection, AWAITING_COUNTERFACTUALS, new AuditFilter("", List.of(afterSeq, limit)), AuditRows::records);
    }

    /** The record completing an evaluation's counterfactuals, read on the caller's connection. */
    Optional<AuditRecord> completionOf(Connection connection, UUID evaluation) throws SQLException {
        return read(connection, COMPLETION, new AuditFilter("", List.of(evaluation)), AuditRows::records).stream().findFirst();
    }

    /** The record completing an evaluation's counterfactuals; the first, should two replicas both have written one. */
    Optional<AuditRecord> completionOf(UUID evaluation) {
        return query(COMPLETION, new AuditFilter("", List.of(evaluation)), AuditRows::records).stream().findFirst();
    }

    private static List<AuditRecord> records(ResultSet rows) throws SQLException {
        List<AuditRecord> records = new ArrayList<>();
        while (rows.next()) {
            records.add(AuditColumn.record(rows));
        }
        return records;
    }

    /** Reads a whole result of a statement. */
    private interface Result<T> {
        T read(ResultSet rows) throws SQLException;
    }

    private <T> T query(String sql, AuditFilter filter, Result<T> result) {
        try (Connection connection = dataSource.getConnection()) {
            return read(connection, sql, filter, result);
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException("reading the audit log failed", e));
        }
    }

    private static <T> T read(Connection connection, String sql, AuditFilter filter, Result<T> result) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, filter);
            try (ResultSet rows = statement.executeQuery()) {
                return result.read(rows);
            }
        }
    }

    private static void bind(PreparedStatement statement, AuditFilter filter) throws SQLException {
        for (int i = 0; i < filter.parameters().size(); i++) {
            Object value = filter.parameters().get(i);
            statement.setObject(i + 1, value instanceof Instant instant ? instant.atOffset(ZoneOffset.UTC) : value);
        }
    }

    /**
     * Streams the given columns of the matching rows through a cursor, for readers that need only
     * part of each record (the CSV export lets PostgreSQL flatten the JSON columns).
     */
    void eachRow(String columns, AuditFilter filter, String orderBy, ColumnsConsumer consumer) throws IOException {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            // PostgreSQL streams with a cursor only inside a transaction.
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement("select " + columns + " from audit_log" + filter.where() + orderBy)) {
                statement.setFetchSize(FETCH_SIZE);
                bind(statement, filter);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        consumer.accept(rows);
                    }
                }
            } finally {
                connection.rollback();
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException("reading the audit log failed", e));
        }
    }
}
