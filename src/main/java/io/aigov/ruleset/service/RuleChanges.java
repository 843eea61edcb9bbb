package io.aigov.ruleset.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;

import io.aigov.decision.rulefile.RuleFile;
import io.aigov.decision.ruleset.RulesetCandidate;
import io.aigov.ruleset.RulesetOrigin;
import io.aigov.ruleset.history.ImpactSummary;
import io.aigov.ruleset.history.RuleChange;
import io.aigov.ruleset.history.RulesetEvent;
import io.aigov.ruleset.history.RulesetHistory;
import io.aigov.ruleset.validation.CandidateReport;

/**
 * The rule changes waiting for a second person (SOX change management), and those decided: each
 * with its files, the gate's report and its impact on recent decisions, as {@link RuleLifecycle}
 * proposes, approves, rejects and supersedes them.
 */
@ApplicationScoped
public class RuleChanges {

    private static final int IMPACT_CHANGES_KEPT = 50;
    /** Advisory lock key that serialises proposing changes across instances (the audit chain has its own). */
    private static final long PROPOSING_LOCK = 0x6169676f7672L;

    private final RulesetHistory history;

    /** The change, and whether this proposal made it (false: the same change was pending already). */
    record Proposed(RuleChange change, boolean isNew) {
    }

    public RuleChanges(RulesetHistory history) {
        this.history = history;
    }

    public List<RuleChange> list(RuleChange.Status status) {
        return status == null ? RuleChange.listAll(Sort.descending("proposedAt"))
                : RuleChange.list("status", Sort.descending("proposedAt"), status);
    }

    public long pendingCount() {
        return RuleChange.count("status", RuleChange.Status.PENDING);
    }

    public Optional<RuleChange> find(UUID id) {
        return RuleChange.findByIdOptional(id);
    }

    /**
     * Keeps a change that passed the gate as pending, unless the same files are pending on the same
     * base already: instances watching copies of one folder all see the same edit, and the first to
     * get here proposes it.
     */
    Proposed propose(RulesetCandidate candidate, RulesetOrigin origin, String base, RuleFile uploaded, ImpactAnalysis.Impact impact) {
        CandidateReport report = impact.report();
        Proposed proposed = QuarkusTransaction.requiringNew().call(() -> {
            RuleChange.getEntityManager().createNativeQuery("select pg_advisory_xact_lock(?1)").setParameter(1, PROPOSING_LOCK)
                    .getSingleResult();
            Optional<RuleChange> same = RuleChange.<RuleChange>find("status = ?1 and candidateVersion = ?2 and baseVersion = ?3",
                    RuleChange.Status.PENDING, report.version(), base)
                    .stream().filter(pending -> pending.files.equals(candidate.files())).findFirst();
            if (same.isPresent()) {
                return new Proposed(same.get(), false);
            }
            RuleChange change = new RuleChange();
            change.id = UUID.randomUUID();
            change.proposedAt = now();
            change.proposedBy = origin.actor();
            change.source = origin.source();
            change.origin = origin.location();
            change.baseVersion = base;
            change.candidateVersion = report.version();
            change.files = candidate.files();
            change.uploadedFile = uploaded == null ? null : uploaded.name();
            change.report = report;
            change.impact = new ImpactSummary(impact.replayed(), impact.changed(),
                    impact.changes().stream().limit(IMPACT_CHANGES_KEPT).toList());
            change.status = RuleChange.Status.PENDING;
            change.persist();
            return new Proposed(change, true);
        });
        if (proposed.isNew()) {
            history.recordChange(RulesetEvent.Kind.CHANGE_PROPOSED, proposed.change().candidateVersion, origin,
                    Map.of("change", proposed.change().id.toString(), "changedDecisions", impact.changed()));
        }
        return proposed;
    }

    /** A change that may still be decided. */
    RuleChange pending(UUID id) {
        RuleChange change = QuarkusTransaction.requiringNew().call(() -> RuleChange.<RuleChange>findById(id));
        if (change == null) {
            throw new RuleChangeRefusedException(RuleChangeRefusedException.Reason.NOT_FOUND, "No rule change with id " + id, Map.of());
        }
        if (change.status != RuleChange.Status.PENDING) {
            throw new RuleChangeRefusedException(RuleChangeRefusedException.Reason.CONFLICT, "The change is " + change.status
                    + ", no longer pending" + (change.status == RuleChange.Status.SUPERSEDED ? ": " + change.decisionNote : ""),
                    Map.of("changeStatus", change.status));
        }
        return change;
    }

    /** Records who decided a change, how and why. */
    RuleChange decide(RuleChange decided, RuleChange.Status status, String actor, String note, boolean emergency,
            RulesetEvent.Kind kind, Map<String, Object> details) {
        QuarkusTransaction.requiringNew().run(() -> {
            RuleChange change = RuleChange.findById(decided.id);
            change.status = status;
            change.decidedBy = actor;
            change.decidedAt = now();
            change.decisionNote = note;
            change.emergency = emergency;
        });
        history.recordChange(kind, decided.candidateVersion, origin(decided, actor), details);
        return find(decided.id).orElseThrow();
    }

    /** Changes proposed from the folder whose files it no longer holds: they can no longer be what it proposes. */
    void supersedeFolderChanges(List<RuleFile> folderFiles) {
        pendingWhere("source = ?2", RulesetOrigin.Source.FOLDER).stream().filter(change -> !change.files.equals(folderFiles))
                .forEach(change -> supersede(change, "The rules folder changed after this change was proposed: its files are no longer"
                        + " what the folder holds"));
    }

    /**
     * A new version serves: changes based on another one can no longer be approved as they are.
     * The change that brought this version is spared, its approval is being recorded.
     */
    void supersedeStale(String serving) {
        pendingWhere("baseVersion <> ?2 and candidateVersion <> ?2", serving).forEach(change -> supersede(change, staleBase(change, serving)));
    }

    /** Closes a change based on a version that no longer serves, and says why. */
    RuleChangeRefusedException superseded(RuleChange change, String serving) {
        String reason = staleBase(change, serving);
        supersede(change, reason);
        Map<String, Object> particulars = new LinkedHashMap<>();
        particulars.put("changeStatus", RuleChange.Status.SUPERSEDED);
        particulars.put("baseVersion", change.baseVersion);
        particulars.put("servingVersion", serving);
        return new RuleChangeRefusedException(RuleChangeRefusedException.Reason.CONFLICT, reason, particulars);
    }

    static RulesetOrigin origin(RuleChange change, String actor) {
        return new RulesetOrigin(change.source, change.origin, actor);
    }

    private static List<RuleChange> pendingWhere(String condition, Object parameter) {
        return QuarkusTransaction.requiringNew().call(() -> RuleChange.<RuleChange>list(
                "status = ?1 and " + condition, Sort.ascending("proposedAt"), RuleChange.Status.PENDING, parameter));
    }

    private static String staleBase(RuleChange change, String serving) {
        return "The rules changed after this change was proposed: it was based on version " + change.baseVersion + ", version "
                + serving + " serves now; propose it again";
    }

    /** Closes a stale change, recording why; nobody decided it, so it names no one. */
    private void supersede(RuleChange change, String reason) {
        boolean closed = QuarkusTransaction.requiringNew().call(() -> {
            RuleChange current = RuleChange.findById(change.id, LockModeType.PESSIMISTIC_WRITE);
            if (current.status != RuleChange.Status.PENDING) {
                return false;
            }
            current.status = RuleChange.Status.SUPERSEDED;
            current.decidedAt = now();
            current.decisionNote = reason;
            return true;
        });
        if (closed) {
            history.recordChange(RulesetEvent.Kind.CHANGE_SUPERSEDED, change.candidateVersion, origin(change, null),
                    Map.of("change", change.id.toString(), "reason", reason));
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
