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
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.aigov.evaluation.model.Approach;
import io.aigov.evaluation.model.Exposure;
import io.aigov.evaluation.model.FiredRule;
import io.aigov.evaluation.model.UseCase;
import io.aigov.evaluation.model.Verdict;

/**
 * Reads audit records through a database cursor, for work over any number of them (export, chain
 * verification) with flat memory: each record is handed over detached and then forgotten.
 */
@ApplicationScoped
class AuditRows {

    private static final int FETCH_SIZE = 500;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Exposure>> EXPOSURES = new TypeReference<>() {
    };
    private static final TypeReference<List<FiredRule>> FIRED_RULES = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> TEXTS = new TypeReference<>() {
    };

    private final DataSource dataSource;

    AuditRows(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    interface RowConsumer {
        void accept(AuditRecord row) throws IOException;
    }

    /** Reads the columns of the current row of a result set. */
    interface ColumnsConsumer {
        void accept(ResultSet row) throws IOException, SQLException;
    }

    private static final String RECORD_COLUMNS = "id, evaluated_at, requested_by, ruleset_version, use_case_name, approach, verdict,"
            + " rag_recommended, score_prompting, score_fine_tuning, input, exposures, fired_rules, warnings, seq, prev_hash, hash,"
            + " masked_fields, kind, decision";

    /** Streams matching rows through a cursor as detached records, never holding more than a fetch's worth. */
    void each(AuditFilter filter, String orderBy, RowConsumer consumer) throws IOException {
        eachRow(RECORD_COLUMNS, filter, orderBy, rows -> {
            AuditRecord record = new AuditRecord();
            record.id = UUID.fromString(rows.getString(1));
            record.evaluatedAt = rows.getObject(2, OffsetDateTime.class).toInstant();
            record.requestedBy = rows.getString(3);
            record.rulesetVersion = rows.getString(4);
            record.useCaseName = rows.getString(5);
            record.approach = Approach.valueOf(rows.getString(6));
            record.verdict = Verdict.valueOf(rows.getString(7));
            record.ragRecommended = rows.getBoolean(8);
            record.scorePrompting = rows.getDouble(9);
            record.scoreFineTuning = rows.getDouble(10);
            record.input = JSON.readValue(rows.getString(11), UseCase.class);
            record.exposures = JSON.readValue(rows.getString(12), EXPOSURES);
            record.firedRules = JSON.readValue(rows.getString(13), FIRED_RULES);
            record.warnings = JSON.readValue(rows.getString(14), TEXTS);
            record.seq = rows.getLong(15);
            record.prevHash = rows.getString(16);
            record.hash = rows.getString(17);
            record.maskedFields = JSON.readValue(rows.getString(18), TEXTS);
            record.kind = AuditKind.valueOf(rows.getString(19));
            String decision = rows.getString(20);
            record.decision = decision == null ? null : JSON.readValue(decision, BoardDecision.class);
            consumer.accept(record);
        });
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
