package io.aigov.audit;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

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

    private static final String SINCE = " from audit_log where kind = 'EVALUATION' and evaluated_at >= ?1";

    /** Evaluations per day since the day given, by verdict. */
    public List<Daily> verdictsByDay(LocalDate since) {
        return byDay("verdict", since);
    }

    /** Evaluations per day since the day given, by approach. */
    public List<Daily> approachesByDay(LocalDate since) {
        return byDay("approach", since);
    }

    /** The rules that fired most often since the day given, each with its file. */
    @SuppressWarnings("unchecked")
    public List<Count> mostFiredRules(LocalDate since, int limit) {
        List<Object[]> rows = AuditRecord.getEntityManager().createNativeQuery("select r ->> 'name', r ->> 'file', count(*)" + SINCE
                .replace(" from audit_log", " from audit_log, jsonb_array_elements(fired_rules) r")
                + " group by 1, 2 order by 3 desc, 1 limit ?2")
                .setParameter(1, start(since)).setParameter(2, limit).getResultList();
        return rows.stream().map(row -> new Count((String) row[0], (String) row[1], ((Number) row[2]).longValue())).toList();
    }

    /** Exposures since the day given, by regime and level. */
    @SuppressWarnings("unchecked")
    public List<Count> exposures(LocalDate since) {
        List<Object[]> rows = AuditRecord.getEntityManager().createNativeQuery("select e ->> 'regime', e ->> 'level', count(*)" + SINCE
                .replace(" from audit_log", " from audit_log, jsonb_array_elements(exposures) e") + " group by 1, 2 order by 1, 2")
                .setParameter(1, start(since)).getResultList();
        return rows.stream().map(row -> new Count((String) row[0], (String) row[1], ((Number) row[2]).longValue())).toList();
    }

    @SuppressWarnings("unchecked")
    private List<Daily> byDay(String column, LocalDate since) {
        List<Object[]> rows = AuditRecord.getEntityManager().createNativeQuery("select (evaluated_at at time zone 'UTC')::date, " + column
                + ", count(*)" + SINCE + " group by 1, 2 order by 1, 2").setParameter(1, start(since)).getResultList();
        return rows.stream().map(row -> new Daily((LocalDate) row[0], (String) row[1], ((Number) row[2]).longValue()))
                .toList();
    }

    private static Timestamp start(LocalDate day) {
        return Timestamp.from(day.atStartOfDay(ZoneOffset.UTC).toInstant());
    }
}
