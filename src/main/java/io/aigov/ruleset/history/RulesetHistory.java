package io.aigov.ruleset.history;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;

import io.aigov.audit.AuditEvent;
import io.aigov.audit.AuditKind;
import io.aigov.audit.AuditLog;
import io.aigov.audit.AuditRecord;
import io.aigov.cluster.ClusterTopic;
import io.aigov.cluster.service.ClusterNotifications;
import io.aigov.decision.rulefile.RuleFile;
import io.aigov.decision.ruleset.Ruleset;
import io.aigov.ruleset.RulesetOrigin;
import io.aigov.ruleset.validation.CandidateReport;

/**
 * The record of rule versions and of what happened to candidates, kept in PostgreSQL; each event
 * also enters the audit chain, in the same transaction.
 */
@ApplicationScoped
public class RulesetHistory {

    /** Advisory lock key that serialises activations across instances (the audit chain and proposals have their own). */
    private static final long ACTIVATION_LOCK = 0x6169676f7661L;

    private final ClusterNotifications cluster;
    private final AuditLog auditLog;

    public RulesetHistory(ClusterNotifications cluster, AuditLog auditLog) {
        this.cluster = cluster;
        this.auditLog = auditLog;
    }

    /**
     * Stores the version (once: a version activated again keeps its first record) and the activation,
     * records it as the version that serves everywhere and tells every instance. Commits before the
     * ruleset may serve, since every evaluation refers to its stored version.
     *
     * @param replacing the version the activation replaces, when it must still be the one serving (an
     *                  approved change); null to activate whatever serves
     * @throws ServingVersionChangedException when another version than {@code replacing} serves
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void recordActivation(Ruleset ruleset, List<RuleFile> goldenCases, RulesetOrigin origin, CandidateReport report,
            String replacing) {
        // Instances starting together on a new database activate the same version: one stores it, the other finds it.
        ActiveVersion.getEntityManager().createNativeQuery("select pg_advisory_xact_lock(?1)").setParameter(1, ACTIVATION_LOCK)
                .getSingleResult();
        Instant now = now();
        ActiveVersion active = ActiveVersion.findById(ActiveVersion.ONLY, LockModeType.PESSIMISTIC_WRITE);
        if (replacing != null && active != null && !active.rulesetVersion.equals(replacing)) {
            throw new ServingVersionChangedException(replacing, active.rulesetVersion);
        }
        if (StoredRulesetVersion.findById(ruleset.version()) == null) {
            StoredRulesetVersion version = new StoredRulesetVersion();
            version.id = ruleset.version();
            version.files = ruleset.files();
            version.firstActivatedAt = now;
            version.activatedBy = origin.actor();
            version.source = origin.source();
            version.origin = origin.location();
            version.persist();
        }
        event(RulesetEvent.Kind.ACTIVATED, ruleset.version(), origin, Map.of("goldenCases", report.goldenCases().size()), now);
        boolean first = active == null;
        if (first) {
            active = new ActiveVersion();
        }
        active.rulesetVersion = ruleset.version();
        active.goldenCases = goldenCases;
        active.activatedAt = now;
        active.activatedBy = origin.actor();
        active.source = origin.source();
        active.origin = origin.location();
        if (first) {
            active.persist();
        }
        cluster.announce(ClusterTopic.RULESET, ruleset.version());
    }

    /** New golden cases for the serving version: same rules, so no activation, but every instance checks with them. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void recordGoldenCases(String version, List<RuleFile> goldenCases) {
        ActiveVersion active = ActiveVersion.findById(ActiveVersion.ONLY, LockModeType.PESSIMISTIC_WRITE);
        if (active != null && active.rulesetVersion.equals(version)) {
            active.goldenCases = goldenCases;
            cluster.announce(ClusterTopic.RULESET, version);
        }
    }

    /** The version that serves, as recorded by the last activation on any instance; empty before the first. */
    public Optional<ActiveVersion> activeVersion() {
        return QuarkusTransaction.requiringNew().call(() -> ActiveVersion.<ActiveVersion>findByIdOptional(ActiveVersion.ONLY));
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void recordRejection(CandidateReport report, RulesetOrigin origin) {
        event(RulesetEvent.Kind.REJECTED, report.version(), origin, Map.of(
                "safetyFindings", report.safetyFindings(),
                "compileErrors", report.compileErrors(),
                "failedGoldenCases", report.failedGoldenCases()), now());
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void recordUpload(String file, String candidateVersion, RulesetOrigin origin, boolean activated) {
        event(RulesetEvent.Kind.UPLOADED, candidateVersion, origin, Map.of("file", file, "activated", activated), now());
    }

    /** Records a rule change event (proposed, approved, rejected, emergency) with its details. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void recordChange(RulesetEvent.Kind kind, String candidateVersion, RulesetOrigin origin, Map<String, Object> details) {
        event(kind, candidateVersion, origin, details, now());
    }

    /** The most recent emergency activation, if any: shown with the active ruleset so nobody misses it. */
    public Optional<RulesetEvent> lastEmergencyActivation() {
        return RulesetEvent.<RulesetEvent>find("kind", Sort.descending("occurredAt", "id"), RulesetEvent.Kind.EMERGENCY_ACTIVATION)
                .firstResultOptional();
    }

    public List<StoredRulesetVersion> versions() {
        return StoredRulesetVersion.listAll(Sort.descending("firstActivatedAt"));
    }

    public Optional<StoredRulesetVersion> version(String id) {
        return QuarkusTransaction.joiningExisting().call(() -> StoredRulesetVersion.<StoredRulesetVersion>findByIdOptional(id));
    }

    public List<RulesetEvent> events(int limit) {
        return RulesetEvent.<RulesetEvent>findAll(Sort.descending("occurredAt", "id")).page(0, limit).list();
    }

    private void event(RulesetEvent.Kind kind, String version, RulesetOrigin origin, Map<String, Object> details, Instant at) {
        RulesetEvent event = new RulesetEvent();
        event.occurredAt = at;
        event.kind = kind;
        event.rulesetVersion = version;
        event.actor = origin.actor();
        event.source = origin.source();
        event.origin = origin.location();
        event.details = details;
        event.persist();
        Map<String, Object> chained = new LinkedHashMap<>(details);
        chained.put("rulesetVersion", version);
        chained.put("source", origin.source().name());
        chained.put("origin", origin.location());
        auditLog.appendInTransaction(AuditRecord.ofEvent(AuditKind.RULESET_EVENT, at, origin.actor(), new AuditEvent(kind.name(), chained)));
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
