package io.aigov.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** An {@link AuditQuery} as a SQL condition on audit_log's columns ({@link AuditColumn}) with positional parameters, shared by search and export. */
record AuditFilter(String where, List<Object> parameters) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static AuditFilter of(AuditQuery query) {
        StringBuilder where = new StringBuilder(" where true");
        List<Object> parameters = new ArrayList<>();
        if (query.kind() != null) {
            where.append(" and " + AuditColumn.KIND + " = ?");
            parameters.add(query.kind().name());
        }
        if (query.from() != null) {
            where.append(" and " + AuditColumn.EVALUATED_AT + " >= ?");
            parameters.add(query.from());
        }
        if (query.to() != null) {
            where.append(" and " + AuditColumn.EVALUATED_AT + " < ?");
            parameters.add(query.to());
        }
        if (query.approach() != null) {
            where.append(" and " + AuditColumn.APPROACH + " = ?");
            parameters.add(query.approach().name());
        }
        if (query.verdict() != null) {
            where.append(" and " + AuditColumn.VERDICT + " = ?");
            parameters.add(query.verdict().name());
        }
        if (query.regime() != null || query.level() != null) {
            Map<String, String> exposure = new TreeMap<>();
            if (query.regime() != null) {
                exposure.put("regime", query.regime());
            }
            if (query.level() != null) {
                exposure.put("level", query.level().name());
            }
            where.append(" and " + AuditColumn.EXPOSURES + " @> cast(? as jsonb)");
            parameters.add(json(List.of(exposure)));
        }
        if (query.firedRule() != null) {
            where.append(" and " + AuditColumn.FIRED_RULES + " @> cast(? as jsonb)");
            parameters.add(json(List.of(Map.of("name", query.firedRule()))));
        }
        if (query.rulesetVersion() != null) {
            where.append(" and " + AuditColumn.RULESET_VERSION + " = ?");
            parameters.add(query.rulesetVersion());
        }
        if (query.requestedBy() != null) {
            where.append(" and " + AuditColumn.REQUESTED_BY + " = ?");
            parameters.add(query.requestedBy());
        }
        if (query.text() != null) {
            String pattern = "%" + query.text().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            where.append(" and (" + AuditColumn.NAME + " ilike ? escape '\\' or " + AuditColumn.INPUT + " ->> 'description' ilike ? escape '\\')");
            parameters.add(pattern);
            parameters.add(pattern);
        }
        return new AuditFilter(where.toString(), List.copyOf(parameters));
    }

    /** This filter within a range of the chain, whose bounds let PostgreSQL plan over the partitions there only. */
    AuditFilter within(AuditPartitions.SeqRange range) {
        StringBuilder bounded = new StringBuilder(where);
        List<Object> values = new ArrayList<>(parameters);
        if (range.from() != null) {
            bounded.append(" and " + AuditColumn.SEQ + " >= ?");
            values.add(range.from());
        }
        if (range.to() != null) {
            bounded.append(" and " + AuditColumn.SEQ + " < ?");
            values.add(range.to());
        }
        return new AuditFilter(bounded.toString(), List.copyOf(values));
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a filter value cannot be written as JSON", e);
        }
    }
}
