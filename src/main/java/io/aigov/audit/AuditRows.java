package io.aigov.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads audit records through a database cursor, for work over any number of them (export, chain
 * verification) with flat memory: each record is handed over and then forgotten.
 */
@ApplicationScoped
class AuditRows {

    private static final int FETCH_SIZE = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

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
            return canonical == null || JSON.readTree(canonical).equals(content);
        }
    }

    interface StoredConsumer {
        void accept(StoredRecord row) throws IOException;
    }

    private static final String STORED_COLUMNS = "seq, prev_hash, hash, canonical, id, evaluated_at, requested_by, ruleset_version,"
            + " use_case_name, approach, rag_recommended, verdict, score_prompting, score_fine_tuning, exposures, fired_rules, warnings,"
            + " input, masked_fields, kind, decision, event";

    /** Streams matching rows as stored, with the content the chain's canonical form is made of (README, "Audit chain"). */
    void eachStored(AuditFilter filter, String orderBy, StoredConsumer consumer) throws IOException {
        eachRow(STORED_COLUMNS, filter, orderBy, rows -> {
            AuditKind kind = AuditKind.valueOf(rows.getString(20));
            ObjectNode content = JSON.createObjectNode();
            content.put("id", rows.getString(5));
            content.put("evaluatedAt", rows.getObject(6, OffsetDateTime.class).toInstant().toString());
            content.put("requestedBy", rows.getString(7));
            if (!kind.isDecision()) {
                content.put("kind", kind.name());
                content.set("event", json(rows.getString(22)));
            } else {
                content.put("rulesetVersion", rows.getString(8));
                content.put("name", rows.getString(9));
                content.put("approach", rows.getString(10));
                content.put("ragRecommended", rows.getBoolean(11));
                content.put("verdict", rows.getString(12));
                ObjectNode scores = content.putObject("scores");
                scores.put("prompting", rows.getDouble(13));
                scores.put("fineTuning", rows.getDouble(14));
                content.set("exposures", json(rows.getString(15)));
                content.set("firedRules", json(rows.getString(16)));
                content.set("warnings", json(rows.getString(17)));
                content.set("input", json(rows.getString(18)));
                content.set("maskedFields", json(rows.getString(19)));
                if (kind != AuditKind.EVALUATION) {
                    content.put("kind", kind.name());
                    content.set("decision", json(rows.getString(21)));
                }
            }
            // A column the kind does not have holds nothing; a value put there is content its hash does not cover.
            for (int column : kind.isDecision() ? (kind == AuditKind.EVALUATION ? NOT_IN_EVALUATIONS : NOT_IN_BOARD_DECISIONS) : NOT_IN_EVENTS) {
                if (rows.getObject(column) != null) {
                    content.put(rows.getMetaData().getColumnName(column), rows.getString(column));
                }
            }
            consumer.accept(new StoredRecord(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4), content));
        });
    }

    /** Positions in {@link #STORED_COLUMNS} of the columns each kind of record leaves empty. */
    private static final int[] NOT_IN_EVALUATIONS = { 21, 22 };
    private static final int[] NOT_IN_BOARD_DECISIONS = { 22 };
    private static final int[] NOT_IN_EVENTS = { 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 21 };

    /** A JSON column's value; SQL null as JSON null, as the canonical form writes a missing value. */
    private static JsonNode json(String column) throws IOException {
        return column == null ? JSON.nullNode() : JSON.readTree(column);
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
                for (int i = 0; i < filter.parameters().size(); i++) {
                    Object value = filter.parameters().get(i);
                    statement.setObject(i + 1, value instanceof Instant instant ? instant.atOffset(ZoneOffset.UTC) : value);
                }
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
