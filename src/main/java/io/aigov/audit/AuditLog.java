package io.aigov.audit;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

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

    public AuditPage page(int page, int size) {
        var query = AuditRecord.<AuditRecord>findAll(NEWEST_FIRST).page(page, size);
        return new AuditPage(query.list(), page, size, query.count());
    }
}
