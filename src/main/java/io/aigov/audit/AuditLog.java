package io.aigov.audit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;

/**
 * The audit trail of evaluations. Appending commits before it returns, so whoever holds a decision
 * knows its record is durable; when the record cannot be committed the caller gets an
 * {@link AuditUnavailableException} and must not give the decision out.
 */
@ApplicationScoped
public class AuditLog {

    private static final Logger LOG = Logger.getLogger(AuditLog.class);
    private static final Sort NEWEST_FIRST = Sort.descending("evaluatedAt", "id");
    private static final ObjectMapper JSON = new ObjectMapper();

    public void append(AuditRecord record) {
        try {
            QuarkusTransaction.requiringNew().run(record::persist);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Audit record %s could not be committed; its decision is withheld", record.id);
            throw new AuditUnavailableException(e);
        }
    }

    public Optional<AuditRecord> find(UUID id) {
        return AuditRecord.findByIdOptional(id);
    }

    /** The latest audited decisions, newest first. */
    public List<AuditedDecision> latestDecisions(int limit) {
        return AuditRecord.getEntityManager()
                .createQuery("select new io.aigov.audit.AuditedDecision(r.id, r.input, r.approach, r.verdict, r.exposures)"
                        + " from AuditRecord r order by r.evaluatedAt desc, r.id desc", AuditedDecision.class)
                .setMaxResults(limit)
                .getResultList();
    }

    /** Audit records matching every given filter, newest first. */
    @SuppressWarnings("unchecked")
    public AuditPage search(AuditQuery query, int page, int size) {
        StringBuilder where = new StringBuilder(" where true");
        Map<String, Object> parameters = new HashMap<>();
        if (query.from() != null) {
            where.append(" and evaluated_at >= :from");
            parameters.put("from", query.from());
        }
        if (query.to() != null) {
            where.append(" and evaluated_at < :to");
            parameters.put("to", query.to());
        }
        if (query.approach() != null) {
            where.append(" and approach = :approach");
            parameters.put("approach", query.approach().name());
        }
        if (query.verdict() != null) {
            where.append(" and verdict = :verdict");
            parameters.put("verdict", query.verdict().name());
        }
        if (query.regime() != null || query.level() != null) {
            Map<String, String> exposure = new TreeMap<>();
            if (query.regime() != null) {
                exposure.put("regime", query.regime().name());
            }
            if (query.level() != null) {
                exposure.put("level", query.level().name());
            }
            where.append(" and exposures @> cast(:exposure as jsonb)");
            parameters.put("exposure", json(List.of(exposure)));
        }
        if (query.firedRule() != null) {
            where.append(" and fired_rules @> cast(:rule as jsonb)");
            parameters.put("rule", json(List.of(Map.of("name", query.firedRule()))));
        }
        if (query.rulesetVersion() != null) {
            where.append(" and ruleset_version = :version");
            parameters.put("version", query.rulesetVersion());
        }
        if (query.requestedBy() != null) {
            where.append(" and requested_by = :requestedBy");
            parameters.put("requestedBy", query.requestedBy());
        }
        if (query.text() != null) {
            where.append(" and (use_case_name ilike :text escape '\\' or input ->> 'description' ilike :text escape '\\')");
            parameters.put("text", "%" + query.text().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        EntityManager em = AuditRecord.getEntityManager();
        Query select = em.createNativeQuery("select * from audit_log" + where + " order by evaluated_at desc, id desc",
                AuditRecord.class);
        Query count = em.createNativeQuery("select count(*) from audit_log" + where);
        parameters.forEach((name, value) -> {
            select.setParameter(name, value);
            count.setParameter(name, value);
        });
        List<AuditRecord> records = select.setFirstResult(page * size).setMaxResults(size).getResultList();
        return new AuditPage(records, page, size, ((Number) count.getSingleResult()).longValue());
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a filter value cannot be written as JSON", e);
        }
    }

    public AuditPage page(int page, int size) {
        var query = AuditRecord.<AuditRecord>findAll(NEWEST_FIRST).page(page, size);
        return new AuditPage(query.list(), page, size, query.count());
    }
}
