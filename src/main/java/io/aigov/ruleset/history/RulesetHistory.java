package io.aigov.ruleset.history;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.aigov.ruleset.Ruleset;
import io.aigov.ruleset.RulesetOrigin;
import io.aigov.ruleset.validation.CandidateReport;
import io.quarkus.panache.common.Sort;

/** The record of rule versions and of what happened to candidates, kept in PostgreSQL. */
@ApplicationScoped
public class RulesetHistory {

    /**
     * Stores the version (once: a version activated again keeps its first record) and the activation.
     * Commits before the ruleset may serve, since every evaluation refers to its stored version.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void recordActivation(Ruleset ruleset, RulesetOrigin origin, CandidateReport report) {
        Instant now = now();
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
        return StoredRulesetVersion.findByIdOptional(id);
    }

    public List<RulesetEvent> events(int limit) {
        return RulesetEvent.<RulesetEvent>findAll(Sort.descending("occurredAt", "id")).page(0, limit).list();
    }

    private static void event(RulesetEvent.Kind kind, String version, RulesetOrigin origin, Map<String, Object> details,
            Instant at) {
        RulesetEvent event = new RulesetEvent();
        event.occurredAt = at;
        event.kind = kind;
        event.rulesetVersion = version;
        event.actor = origin.actor();
        event.source = origin.source();
        event.origin = origin.location();
        event.details = details;
        event.persist();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
