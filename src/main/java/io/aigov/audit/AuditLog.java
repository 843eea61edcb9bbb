package io.aigov.audit;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import io.aigov.audit.config.AuditConfig;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The audit trail of evaluations. Appending commits before it returns, so whoever holds a decision
 * knows its record is durable; when the record cannot be committed the caller gets an
 * {@link AuditUnavailableException} and must not give the decision out.
 */
@ApplicationScoped
public class AuditLog {

    private final GroupCommit<ChainAppender.Prepared> groupCommit;
    private final AuditRows rows;

    public AuditLog(ChainAppender appender, AuditRows rows, AuditConfig config, MeterRegistry metrics) {
        this.rows = rows;
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

    public Optional<AuditChain.Head> head() {
        return rows.head();
    }

    public Optional<AuditRecord> find(UUID id) {
        return AuditRecord.findByIdOptional(id);
    }

    /** The latest audited decisions, newest first. */
    public List<AuditedDecision> latestDecisions(int limit) {
        return AuditRecord.getEntityManager()
                .createQuery("select new io.aigov.audit.AuditedDecision(r.id, r.evaluatedAt, r.input, r.approach, r.verdict, r.exposures)"
                        + " from AuditRecord r where r.kind = io.aigov.audit.AuditKind.EVALUATION"
                        + " order by r.evaluatedAt desc, r.id desc", AuditedDecision.class)
                .setMaxResults(limit)
                .getResultList();
    }

    /** Audit records matching every given filter, newest first. */
    @SuppressWarnings("unchecked")
    public AuditPage search(AuditQuery query, int page, int size) {
        AuditFilter filter = AuditFilter.of(query);
        EntityManager em = AuditRecord.getEntityManager();
        Query select = em.createNativeQuery("select * from audit_log" + filter.where() + " order by evaluated_at desc, id desc",
                AuditRecord.class);
        Query count = em.createNativeQuery("select count(*) from (select 1 from audit_log" + filter.where() + " limit "
                + (AuditPage.COUNT_LIMIT + 1) + ") matching");
        for (int i = 0; i < filter.parameters().size(); i++) {
            select.setParameter(i + 1, filter.parameters().get(i));
            count.setParameter(i + 1, filter.parameters().get(i));
        }
        List<AuditRecord> records = select.setFirstResult(page * size).setMaxResults(size).getResultList();
        long matching = ((Number) count.getSingleResult()).longValue();
        return new AuditPage(records, page, size, Math.min(matching, AuditPage.COUNT_LIMIT), matching <= AuditPage.COUNT_LIMIT);
    }

    /** Evaluations only, newest first. */
    public AuditPage evaluations(int page, int size) {
        return search(AuditQuery.EVALUATIONS, page, size);
    }

    public Optional<AuditRecord> findEvaluation(UUID id) {
        return find(id).filter(record -> record.kind == AuditKind.EVALUATION);
    }
}
