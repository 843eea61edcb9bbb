package io.aigov.ruleset.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.LockModeType;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;

import io.aigov.decision.rulefile.RuleFile;
import io.aigov.decision.ruleset.RulesetCandidate;
import io.aigov.ruleset.RulesetOrigin;
import io.aigov.ruleset.config.RulesConfig;
import io.aigov.ruleset.history.RuleChange;
import io.aigov.ruleset.history.RulesetEvent;
import io.aigov.ruleset.history.RulesetHistory;
import io.aigov.ruleset.history.ServingVersionChangedException;
import io.aigov.ruleset.validation.CandidateReport;

/**
 * Four-eyes control of rule changes (SOX change management). A change that passes the checks
 * waits, with its report and its impact on recent decisions, until someone other than its author
 * approves it; only then does it serve. An administrator can activate one alone in an emergency,
 * which is recorded and shown with the active ruleset. With approval switched off, a passing
 * change activates at once.
 */
@ApplicationScoped
public class RuleChanges {

    private static final Logger LOG = Logger.getLogger(RuleChanges.class);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int IMPACT_LIMIT = 1_000;
    private static final int IMPACT_CHANGES_KEPT = 50;

    private record Proposed(RuleChange change, boolean isNew) {
    }

    /** Advisory lock key that serialises proposing changes across instances (the audit chain has its own). */
    private static final long PROPOSING_LOCK = 0x6169676f7672L;

    /**
     * Held while the folder is read, its candidate checked and activated, and an upload written to
     * it: a reload that read the folder before an upload was activated and written must not finish
     * after it and put the older files back.
     */
    private final Object folder = new Object();
    private final ActiveRuleset activeRuleset;
    private final ImpactAnalysis impactAnalysis;
    private final RulesetHistory history;
    private final RulesConfig config;

    public RuleChanges(ActiveRuleset activeRuleset, ImpactAnalysis impactAnalysis, RulesetHistory history, RulesConfig config) {
        this.activeRuleset = activeRuleset;
        this.impactAnalysis = impactAnalysis;
        this.history = history;
        this.config = config;
    }

    public boolean approvalRequired() {
        return config.approvalRequired();
    }

    /** The rules folder as it is now, proposed (or, without approval, activated). Also called by the folder watcher's thread. */
    @ActivateRequestContext
    public Submission submitFolder(String actor) {
        Path directory = activeRuleset.directory();
        synchronized (folder) {
            RulesetCandidate candidate = RulesetCandidate.fromDirectory(directory);
            List<RuleFile> files = candidate.files();
            pendingWhere("source = ?2", RulesetOrigin.Source.FOLDER).stream().filter(change -> !change.files.equals(files))
                    .forEach(change -> supersede(change, "The rules folder changed after this change was proposed: its files are no longer"
                            + " what the folder holds"));
            return submit(candidate, new RulesetOrigin(RulesetOrigin.Source.FOLDER, directory.toString(), actor), null);
        }
    }

    /**
     * One file replaced through the API. Without approval it joins the folder's files and is written
     * once active; with approval it joins the serving version's files (so unapproved folder edits do
     * not ride along) and is written to the folder when the change is approved.
     */
    public Submission submitFile(RuleFile file, RulesetOrigin origin) {
        synchronized (folder) {
            RulesetCandidate base = config.approvalRequired() ? activeRuleset.active().candidate()
                    : RulesetCandidate.fromDirectory(activeRuleset.directory());
            return submit(base.with(file), origin, file);
        }
    }

    private Submission submit(RulesetCandidate candidate, RulesetOrigin origin, RuleFile uploaded) {
        if (!config.approvalRequired()) {
            Submission activation = activeRuleset.activate(candidate, origin);
            if (uploaded != null && activation.outcome() != CandidateOutcome.REJECTED) {
                write(uploaded);
            }
            return new Submission(activation.outcome(), activation.report(), null);
        }
        String base = activeRuleset.active().ruleset().version();
        if (activeRuleset.serves(candidate)) {
            Submission unchanged = activeRuleset.check(candidate, origin);
            return new Submission(unchanged.outcome(), unchanged.report(), null);
        }
        // One check process both checks the candidate and replays the latest decisions on it for the reviewer.
        ImpactAnalysis.Impact impact = impactAnalysis.analyse(candidate, IMPACT_LIMIT, origin.actor());
        Submission checked = activeRuleset.check(candidate, origin, impact.report());
        if (checked.outcome() != CandidateOutcome.PENDING_APPROVAL) {
            return new Submission(checked.outcome(), checked.report(), null);
        }
        Proposed proposed = QuarkusTransaction.requiringNew().call(() -> {
            // Instances watching copies of one folder all see the same edit: the first to get here proposes it.
            RuleChange.getEntityManager().createNativeQuery("select pg_advisory_xact_lock(?1)").setParameter(1, PROPOSING_LOCK)
                    .getSingleResult();
            Optional<RuleChange> same = RuleChange.<RuleChange>find("status = ?1 and candidateVersion = ?2 and baseVersion = ?3",
                    RuleChange.Status.PENDING, checked.report().version(), base)
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
            change.candidateVersion = checked.report().version();
            change.files = candidate.files();
            change.uploadedFile = uploaded == null ? null : uploaded.name();
            change.report = JSON.convertValue(checked.report(), new TypeReference<Map<String, Object>>() {
            });
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("replayed", impact.replayed());
            summary.put("changed", impact.changed());
            summary.put("changes", JSON.convertValue(impact.changes().stream().limit(IMPACT_CHANGES_KEPT).toList(), List.class));
            change.impact = summary;
            change.status = RuleChange.Status.PENDING;
            change.persist();
            return new Proposed(change, true);
        });
        RuleChange change = proposed.change();
        if (!proposed.isNew()) {
            return new Submission(CandidateOutcome.PENDING_APPROVAL, checked.report(), change);
        }
        activeRuleset.countCandidate("pending");
        history.recordChange(RulesetEvent.Kind.CHANGE_PROPOSED, change.candidateVersion, origin,
                Map.of("change", change.id.toString(), "changedDecisions", impact.changed()));
        return new Submission(CandidateOutcome.PENDING_APPROVAL, checked.report(), change);
    }

    /** A second person's approval: the change must still be pending and based on the serving version. */
    public RuleChange approve(UUID id, String approver, String note) {
        RuleChange change = pending(id);
        if (approver.equals(change.proposedBy)) {
            throw new RuleChangeRefusedException(RuleChangeRefusedException.Reason.NOT_ALLOWED,
                    "Four eyes: " + approver + " proposed this change and may not approve it", Map.of());
        }
        return activate(change, approver, note, false);
    }

    /** An administrator alone, for an emergency: recorded as such, with the reason, and shown with the active ruleset. */
    public RuleChange activateInEmergency(UUID id, String admin, String reason) {
        return activate(pending(id), admin, reason, true);
    }

    public RuleChange reject(UUID id, String actor, String note) {
        synchronized (folder) {
            RuleChange change = pending(id);
            decide(change.id, RuleChange.Status.REJECTED, actor, note, false);
            history.recordChange(RulesetEvent.Kind.CHANGE_REJECTED, change.candidateVersion, origin(change, actor),
                    Map.of("change", change.id.toString(), "note", note == null ? "" : note));
            return find(id).orElseThrow();
        }
    }

    /**
     * A new version serves: changes based on another one can no longer be approved as they are.
     * The change that brought this version is spared, its approval is being recorded.
     */
    void onRulesetActivated(@Observes RulesetActivated activated) {
        pendingWhere("baseVersion <> ?2 and candidateVersion <> ?2", activated.version())
                .forEach(change -> supersede(change, staleBase(change, activated.version())));
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

    private RuleChange activate(RuleChange change, String actor, String note, boolean emergency) {
        synchronized (folder) {
            return activateHoldingTheFolder(change, actor, note, emergency);
        }
    }

    private RuleChange activateHoldingTheFolder(RuleChange change, String actor, String note, boolean emergency) {
        // Another instance may have activated a version that this one has not served yet: the database knows.
        String serving = history.activeVersion().map(active -> active.rulesetVersion)
                .orElseGet(() -> activeRuleset.active().ruleset().version());
        if (!serving.equals(change.baseVersion)) {
            throw superseded(change, serving);
        }
        Submission activation;
        try {
            activation = activeRuleset.activateReplacing(change.baseVersion, candidate(change), origin(change, actor));
        } catch (ServingVersionChangedException e) {
            throw superseded(change, e.serving());
        }
        if (activation.outcome() == CandidateOutcome.REJECTED) {
            throw new RuleChangeRefusedException(RuleChangeRefusedException.Reason.CONFLICT,
                    "The change no longer passes its checks: " + activation.report().summary(), Map.of("changeStatus", change.status));
        }
        if (change.uploadedFile != null) {
            change.files.stream().filter(file -> file.name().equals(change.uploadedFile)).findFirst().ifPresent(this::write);
        }
        decide(change.id, RuleChange.Status.ACTIVATED, actor, note, emergency);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("change", change.id.toString());
        details.put("proposedBy", change.proposedBy == null ? "rules folder" : change.proposedBy);
        details.put("note", note == null ? "" : note);
        history.recordChange(emergency ? RulesetEvent.Kind.EMERGENCY_ACTIVATION : RulesetEvent.Kind.CHANGE_APPROVED,
                change.candidateVersion, origin(change, actor), details);
        return find(change.id).orElseThrow();
    }

    private RuleChangeRefusedException superseded(RuleChange change, String serving) {
        String reason = staleBase(change, serving);
        supersede(change, reason);
        Map<String, Object> particulars = new LinkedHashMap<>();
        particulars.put("changeStatus", RuleChange.Status.SUPERSEDED);
        particulars.put("baseVersion", change.baseVersion);
        particulars.put("servingVersion", serving);
        return new RuleChangeRefusedException(RuleChangeRefusedException.Reason.CONFLICT, reason, particulars);
    }

    private RuleChange pending(UUID id) {
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

    private static void decide(UUID id, RuleChange.Status status, String actor, String note, boolean emergency) {
        QuarkusTransaction.requiringNew().run(() -> {
            RuleChange change = RuleChange.findById(id);
            change.status = status;
            change.decidedBy = actor;
            change.decidedAt = now();
            change.decisionNote = note;
            change.emergency = emergency;
        });
    }

    private static RulesetCandidate candidate(RuleChange change) {
        return RulesetCandidate.of(change.files);
    }

    private static RulesetOrigin origin(RuleChange change, String actor) {
        return new RulesetOrigin(change.source, change.origin, actor);
    }

    private void write(RuleFile file) {
        Path directory = activeRuleset.directory();
        Path target = directory.resolve(file.name()).normalize();
        if (!target.startsWith(directory)) {
            throw new IllegalArgumentException("file name leaves the rules folder: " + file.name());
        }
        try {
            Files.createDirectories(target.getParent());
            if (!target.getParent().toRealPath().startsWith(directory.toRealPath())) {
                // tests/ linked out of the folder: the folder is read as data, never followed out of, and written the same way.
                LOG.warnf("%s was not written: its folder in the rules folder %s is a symbolic link out of it", file.name(), directory);
                return;
            }
            Path temporary = Files.createTempFile(target.getParent(), ".upload-", ".tmp");
            Files.writeString(temporary, file.content(), StandardCharsets.UTF_8);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // The version serves from the database already; a read-only folder (a ConfigMap, say) just keeps its files.
            LOG.warnf("%s could not be written to the rules folder %s (%s): the folder no longer holds what serves", file.name(),
                    directory, e.getMessage());
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
