package io.aigov.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.aigov.audit.AuditChain;

import jakarta.enterprise.context.ApplicationScoped;

/** Reads the service's tables and, for failure tests, breaks them with plain SQL, beside the service rather than through it. */
@ApplicationScoped
public class AuditTable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataSource dataSource;

    public AuditTable(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public long count() {
        return countOf("audit_log");
    }

    public long countOf(String table) {
        return queryLong("select count(*) from " + table);
    }

    /**
     * Open proposals whose latest evaluation is on another version than the one recorded as active:
     * those the follow-up of an activation, which runs in the background, has not evaluated again yet.
     */
    /** Open proposals and use cases in use (approved or in production) not yet decided on the active version. */
    public long proposalsBehindTheActiveVersion() {
        return queryLong("select count(*) from proposal p join audit_log a on a.id = p.latest_evaluation_id"
                + " where p.state in ('SUBMITTED', 'UNDER_REVIEW', 'APPROVED', 'APPROVED_WITH_CONDITIONS', 'IN_PRODUCTION')"
                + " and a.ruleset_version <> (select ruleset_version from active_ruleset)");
    }

    /**
     * Returns once every open proposal and use case in use is decided on the active version: nothing an
     * activation set going still writes.
     */
    public void awaitProposalsFollowed() throws InterruptedException {
        Eventually.awaitTrue("every open proposal and use case in use decided again on the active version", java.time.Duration.ofSeconds(120),
                () -> proposalsBehindTheActiveVersion() == 0);
    }

    public String column(String column, String id) {
        try (Connection connection = dataSource.getConnection();
                var statement = connection.prepareStatement("select " + column + "::text from audit_log where id = ?::uuid")) {
            statement.setString(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Appends a record at the head of the chain with plain SQL, as an older version of the service
     * wrote it: its content as the canonical form's JSON, and optionally the canonical text kept with it.
     */
    public void insert(JsonNode content, long seq, String prevHash, String hash, String canonical) {
        String sql = "insert into audit_log (id, seq, prev_hash, hash, evaluated_at, requested_by, ruleset_version, use_case_name,"
                + " approach, verdict, rag_recommended, score_prompting, score_fine_tuning, input, masked_fields, exposures, fired_rules,"
                + " warnings, kind, canonical) values (?::uuid, ?, ?, ?, ?::timestamptz, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb,"
                + " ?::jsonb, ?::jsonb, ?::jsonb, 'EVALUATION', ?)";
        try (Connection connection = dataSource.getConnection(); var statement = connection.prepareStatement(sql)) {
            statement.setString(1, content.get("id").asText());
            statement.setLong(2, seq);
            statement.setString(3, prevHash);
            statement.setString(4, hash);
            statement.setString(5, content.get("evaluatedAt").asText());
            statement.setString(6, content.get("requestedBy").asText());
            statement.setString(7, content.get("rulesetVersion").asText());
            statement.setString(8, content.get("name").asText());
            statement.setString(9, content.get("approach").asText());
            statement.setString(10, content.get("verdict").asText());
            statement.setBoolean(11, content.get("ragRecommended").asBoolean());
            statement.setDouble(12, content.get("scores").get("prompting").asDouble());
            statement.setDouble(13, content.get("scores").get("fineTuning").asDouble());
            statement.setString(14, content.get("input").toString());
            statement.setString(15, content.get("maskedFields").toString());
            statement.setString(16, content.get("exposures").toString());
            statement.setString(17, content.get("firedRules").toString());
            statement.setString(18, content.get("warnings").toString());
            statement.setString(19, canonical);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    public void execute(String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Changes the audit log as a superuser could: with its append-only trigger switched off for the statement. */
    public void tamper(String sql) {
        execute("alter table audit_log disable trigger audit_log_append_only");
        try {
            execute(sql);
        } finally {
            execute("alter table audit_log enable trigger audit_log_append_only");
        }
    }

    /** Changes any of the append-only tables as a superuser could, with the table's trigger switched off for the statement. */
    public void tamper(String table, String sql) {
        execute("alter table " + table + " disable trigger " + table + "_append_only");
        try {
            execute(sql);
        } finally {
            execute("alter table " + table + " enable trigger " + table + "_append_only");
        }
    }

    /**
     * Rewrites a record's verdict as a superuser who knows how the chain works would: the kept
     * canonical text too, and the record's hash and link recomputed, so the chain alone still holds
     * once every record after it is rewritten the same way.
     */
    public void rewriteVerdict(long seq, String verdict) {
        try (Connection connection = dataSource.getConnection()) {
            String prevHash = AuditChain.GENESIS;
            String canonical;
            try (var select = connection.prepareStatement(
                    "select (select hash from audit_log where seq = ?), canonical from audit_log where seq = ?")) {
                select.setLong(1, seq - 1);
                select.setLong(2, seq);
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    prevHash = row.getString(1) == null ? prevHash : row.getString(1);
                    canonical = row.getString(2);
                }
            }
            ObjectNode content = (ObjectNode) JSON.readTree(canonical);
            content.put("verdict", verdict);
            String rewritten = AuditChain.canonical(content);
            execute("alter table audit_log disable trigger audit_log_append_only");
            try (var update = connection.prepareStatement("update audit_log set verdict = ?, canonical = ?, prev_hash = ?, hash = ? where seq = ?")) {
                update.setString(1, verdict);
                update.setString(2, rewritten);
                update.setString(3, prevHash);
                update.setString(4, AuditChain.hash(prevHash, rewritten));
                update.setLong(5, seq);
                update.executeUpdate();
            } finally {
                execute("alter table audit_log enable trigger audit_log_append_only");
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Gives two records each other's sequence number. */
    public void swap(long a, long b) {
        execute("create table audit_log_swapped as select * from audit_log where seq in (" + a + ", " + b + ")");
        try {
            execute("update audit_log_swapped set seq = case seq when " + a + " then " + b + " else " + a + " end");
            tamper("delete from audit_log where seq in (" + a + ", " + b + ")");
            execute("insert into audit_log select * from audit_log_swapped");
        } finally {
            execute("drop table audit_log_swapped");
        }
    }

    public String queryText(String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long queryLong(String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
