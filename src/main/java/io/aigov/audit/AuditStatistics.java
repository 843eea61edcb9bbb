package io.aigov.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/** Counts over the audited evaluations of a recent period, for the compliance dashboard; PostgreSQL does the counting. */
@ApplicationScoped
public class AuditStatistics {

    /** Evaluations of one day with one value of a column (a verdict, an approach). */
    public record Daily(LocalDate day, String value, long count) {
    }

    /** How often something was seen: a rule that fired, a regime at a level. */
    public record Count(String name, String detail, long count) {
    }

    private static final String SINCE = " where kind = 'EVALUATION' and evaluated_at >= ?";

    private final DataSource dataSource;

    public AuditStatistics(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Evaluations per day since the day given, by verdict. */
    public List<Daily> verdictsByDay(LocalDate since) {
        return byDay(AuditColumn.VERDICT, since);
    }

    /** Evaluations per day since the day given, by approach. */
    public List<Daily> approachesByDay(LocalDate since) {
        return byDay(AuditColumn.APPROACH, since);
    }

    /** The rules that fired most often since the day given, each with its file. */
    public List<Count> mostFiredRules(LocalDate since, int limit) {
        return counts("select r ->> 'name', r ->> 'file', count(*) from audit_log, jsonb_array_elements(" + AuditColumn.FIRED_RULES + ") r"
                + SINCE + " group by 1, 2 order by 3 desc, 1 limit " + limit, since);
    }

    /** Exposures since the day given, by regime and level. */
    public List<Count> exposures(LocalDate since) {
        return counts("select e ->> 'regime', e ->> 'level', count(*) from audit_log, jsonb_array_elements(" + AuditColumn.EXPOSURES + ") e"
                + SINCE + " group by 1, 2 order by 1, 2", since);
    }

    private List<Daily> byDay(AuditColumn column, LocalDate since) {
        List<Daily> daily = new ArrayList<>();
        query("select (evaluated_at at time zone 'UTC')::date, " + column + ", count(*) from audit_log" + SINCE + " group by 1, 2 order by 1, 2",
                since, row -> daily.add(new Daily(row.getObject(1, LocalDate.class), row.getString(2), row.getLong(3))));
        return daily;
    }

    private List<Count> counts(String sql, LocalDate since) {
        List<Count> counts = new ArrayList<>();
        query(sql, since, row -> counts.add(new Count(row.getString(1), row.getString(2), row.getLong(3))));
        return counts;
    }

    private interface Row {
        void accept(ResultSet row) throws SQLException;
    }

    private void query(String sql, LocalDate since, Row each) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, since.atStartOfDay().atOffset(ZoneOffset.UTC));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    each.accept(rows);
                }
            }
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException("counting the audited evaluations failed", e));
        }
    }
}
