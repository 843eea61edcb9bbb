package io.aigov.ruleset.service;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

import io.aigov.decision.model.RecordableText;
import io.aigov.decision.ruleset.InvalidRulesetException;
import io.aigov.decision.rulefile.RuleFile;
import io.aigov.decision.rulefile.RuleProblem;
import io.aigov.decision.ruleset.Ruleset;
import io.aigov.decision.ruleset.RulesetCandidate;
import io.aigov.decision.ruleset.RulesetSource;
import io.aigov.ruleset.RulesetOrigin;
import io.aigov.ruleset.config.RulesConfig;
import io.aigov.ruleset.history.RuleChange;
import io.aigov.ruleset.history.RulesetEvent;
import io.aigov.ruleset.history.RulesetHistory;
import io.aigov.ruleset.history.ServingVersionChangedException;
import io.aigov.ruleset.isolation.service.CheckProcesses;
import io.aigov.ruleset.validation.CandidateCheck;
import io.aigov.ruleset.validation.CandidateReport;

/**
 * The life of a rule change, in the order it happens:
 * <ol>
 * <li><b>propose</b>: the rules folder as it is, or one file uploaded into it;</li>
 * <li><b>gate</b>: the safety check, compilation and golden cases in a check process
 * ({@link CandidateCheck}), and, where a second person must approve, the impact on recent
 * decisions in the same process ({@link ImpactAnalysis}); a failure is recorded and shown. Rules
 * that passed the gate before (bundled, or a version that served) are checked in the service
 * ({@link ActiveRuleset#checkedBefore});</li>
 * <li><b>approve</b>: someone other than its author (SOX change management), or an administrator
 * alone in an emergency; without four-eyes control a change that passed goes straight on;</li>
 * <li><b>activate</b>: compiled here, recorded as the active version of every instance, swapped in
 * ({@link ActiveRuleset}); changes based on the version it replaces are superseded;</li>
 * <li><b>record</b>: the decision on the change, and the file written to the folder.</li>
 * </ol>
 * What follows a new version in other capabilities (re-deciding open proposals) listens to
 * {@link RulesetServing}, fired asynchronously once it serves, and never runs inside these steps.
 */
@ApplicationScoped
public class RuleLifecycle {

    private static final Logger LOG = Logger.getLogger(RuleLifecycle.class);
    private static final int IMPACT_LIMIT = 1_000;

    private final RulesConfig config;
    private final RulesFolder folder;
    private final CandidateCheck candidateCheck;
    private final ImpactAnalysis impactAnalysis;
    private final RuleChanges changes;
    private final ActiveRuleset activeRuleset;
    private final RulesetHistory history;
    private final CheckProcesses checkProcesses;
    private final MeterRegistry metrics;
    /**
     * Held while a candidate is read from the folder, checked, activated and written to it: a reload
     * that read the folder before an upload was activated and written must not finish after it and
     * put the older files back. Also keeps two activations here from interleaving.
     */
    private final Object changing = new Object();
    private volatile FailedAttempt lastFailure;

    /** The last candidate the gate refused, shown with the active ruleset until one passes. */
    public record FailedAttempt(Instant at, RulesetOrigin origin, CandidateReport report) {
    }

    public RuleLifecycle(RulesConfig config, RulesFolder folder, CandidateCheck candidateCheck, ImpactAnalysis impactAnalysis,
            RuleChanges changes, ActiveRuleset activeRuleset, RulesetHistory history, CheckProcesses checkProcesses,
            MeterRegistry metrics) {
        this.config = config;
        this.folder = folder;
        this.candidateCheck = candidateCheck;
        this.impactAnalysis = impactAnalysis;
        this.changes = changes;
        this.activeRuleset = activeRuleset;
        this.history = history;
        this.checkProcesses = checkProcesses;
        this.metrics = metrics;
    }

    public boolean approvalRequired() {
        return config.approvalRequired();
    }

    public Optional<FailedAttempt> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    // 1. Propose

    /** The rules folder as it is now. Also called by the folder watcher's thread. */
    @ActivateRequestContext
    public Submission submitFolder(String actor) {
        synchronized (changing) {
            RulesetCandidate candidate = folder.read();
            changes.supersedeFolderChanges(candidate.files());
            return submit(candidate, new RulesetOrigin(RulesetOrigin.Source.FOLDER, folder.directory().toString(), actor), null);
        }
    }

    /**
     * One file of the rules folder replaced. Without four-eyes control it joins the folder's files;
     * with it, the serving version's files (so unapproved folder edits do not ride along). Either
     * way it is written to the folder only once its ruleset serves, so the folder never holds a
     * rejected or unapproved file.
     *
     * @throws InvalidRulesetException when the name is not a rule file's
     * @throws NoRulesFolderException when the service runs on its bundled rules
     */
    public Submission upload(RuleFile file, RulesetOrigin origin) {
        Submission submission;
        synchronized (changing) {
            submission = submit(candidateWith(file), origin, file);
        }
        history.recordUpload(file.name(), submission.report().version(), origin,
                submission.outcome() == CandidateOutcome.ACTIVATED || submission.outcome() == CandidateOutcome.UNCHANGED);
        return submission;
    }

    /**
     * The candidate an upload of the file would propose: the rules an upload starts from (those that serve
     * under four-eyes control, else the folder's) with the file added or replaced.
     *
     * @throws InvalidRulesetException when no rule file may have the file's name
     * @throws NoRulesFolderException when the service runs on its bundled rules
     */
    public RulesetCandidate candidateWith(RuleFile file) {
        RulesetSource.nameProblem(file.name()).ifPresent(problem -> {
            throw new InvalidRulesetException(List.of(new RuleProblem(RecordableText.unambiguous(file.name()), 0, 0, problem)));
        });
        if (!folder.exists()) {
            throw new NoRulesFolderException(file.name());
        }
        RulesetCandidate base = config.approvalRequired() ? activeRuleset.active().candidate() : folder.read();
        return base.with(file);
    }

    private Submission submit(RulesetCandidate candidate, RulesetOrigin origin, RuleFile uploaded) {
        if (activeRuleset.serves(candidate)) {
            lastFailure = null;
            return new Submission(CandidateOutcome.UNCHANGED, activeRuleset.active().report());
        }
        if (!config.approvalRequired()) {
            Submission activation = gateAndActivate(candidate, origin);
            if (uploaded != null && activation.outcome() != CandidateOutcome.REJECTED) {
                folder.write(uploaded);
            }
            return activation;
        }
        String base = activeRuleset.current().version();
        // One check process both checks the candidate and replays the latest decisions on it for the reviewer; both
        // happen here for rules that passed the gate before.
        ImpactAnalysis.Impact impact = checkedBefore(candidate).map(checked -> impactAnalysis.replayHere(checked, IMPACT_LIMIT))
                .orElseGet(() -> impactAnalysis.analyse(candidate, IMPACT_LIMIT, origin.actor()));
        if (!judge(impact.report(), origin)) {
            return new Submission(CandidateOutcome.REJECTED, impact.report());
        }
        RuleChanges.Proposed proposed = changes.propose(candidate, origin, base, uploaded, impact);
        if (proposed.isNew()) {
            count("pending");
        }
        return new Submission(CandidateOutcome.PENDING_APPROVAL, impact.report(), proposed.change());
    }

    // 2. Gate

    /**
     * The gate, then, if the candidate passed, its activation. The spare check process that each
     * check starts for the next one waits until the candidate is compiled here: a JVM warming up
     * beside the compilation would take half of a two-core machine from it.
     */
    private Submission gateAndActivate(RulesetCandidate candidate, RulesetOrigin origin) {
        try (CheckProcesses.SpareDeferral compilingNext = checkProcesses.deferSpare()) {
            CandidateReport report = gate(candidate, origin);
            return report.passed() ? new Submission(activate(candidate, origin, report, null), report)
                    : new Submission(CandidateOutcome.REJECTED, report);
        }
    }

    /**
     * The gate's report on a candidate, recorded and shown when it fails. Rules that passed it before, and a change of
     * only the data the serving rules read, take no check process.
     */
    private CandidateReport gate(RulesetCandidate candidate, RulesetOrigin origin) {
        CandidateReport report = candidateCheck.remembered(candidate)
                .or(() -> checkedBefore(candidate).map(ActiveRuleset.Checked::report))
                .orElseGet(() -> candidateCheck.run(candidate, activeRuleset.currentOrNull(), origin.actor()));
        judge(report, origin);
        return report;
    }

    /** Rules that passed the gate before, checked here; a report that passed is remembered as the gate remembers one. */
    private Optional<ActiveRuleset.Checked> checkedBefore(RulesetCandidate candidate) {
        Optional<ActiveRuleset.Checked> checked = activeRuleset.checkedBefore(candidate);
        checked.ifPresent(here -> candidateCheck.remember(candidate, here.report()));
        return checked;
    }

    /** Whether the candidate passed; a failure is recorded and kept as the last failed attempt. */
    private boolean judge(CandidateReport report, RulesetOrigin origin) {
        if (report.passed()) {
            lastFailure = null;
            return true;
        }
        history.recordRejection(report, origin);
        count("rejected");
        lastFailure = new FailedAttempt(Instant.now(), origin, report);
        LOG.warnf("Rules from %s not activated, version %s keeps serving: %s", origin.location(),
                activeRuleset.started() ? activeRuleset.current().version() : "none", report.summary());
        return false;
    }

    // 3. Approve

    /** A second person's approval: the change must still be pending and based on the serving version. */
    public RuleChange approve(UUID id, String approver, String note) {
        RuleChange change = changes.pending(id);
        if (approver.equals(change.proposedBy)) {
            throw new RuleChangeRefusedException(RuleChangeRefusedException.Reason.NOT_ALLOWED,
                    "Four eyes: " + approver + " proposed this change and may not approve it", Map.of());
        }
        return activateChange(change, approver, note, false);
    }

    /** An administrator alone, for an emergency: recorded as such, with the reason, and shown with the active ruleset. */
    public RuleChange activateInEmergency(UUID id, String admin, String reason) {
        return activateChange(changes.pending(id), admin, reason, true);
    }

    public RuleChange reject(UUID id, String actor, String note) {
        synchronized (changing) {
            RuleChange change = changes.pending(id);
            return changes.decide(change, RuleChange.Status.REJECTED, actor, note, false, RulesetEvent.Kind.CHANGE_REJECTED,
                    Map.of("change", change.id.toString(), "note", note == null ? "" : note));
        }
    }

    private RuleChange activateChange(RuleChange change, String actor, String note, boolean emergency) {
        synchronized (changing) {
            // Another instance may have activated a version that this one has not served yet: the database knows.
            String serving = history.activeVersion().map(active -> active.rulesetVersion)
                    .orElseGet(() -> activeRuleset.current().version());
            if (!serving.equals(change.baseVersion)) {
                throw changes.superseded(change, serving);
            }
            RulesetCandidate candidate = RulesetCandidate.of(change.files);
            RulesetOrigin origin = RuleChanges.origin(change, actor);
            try (CheckProcesses.SpareDeferral compilingNext = checkProcesses.deferSpare()) {
                // The gate again: a change that passed is remembered as passed, so this is quick; a failure means it changed.
                CandidateReport report = gate(candidate, origin);
                if (!report.passed()) {
                    throw new RuleChangeRefusedException(RuleChangeRefusedException.Reason.CONFLICT,
                            "The change no longer passes its checks: " + report.summary(), Map.of("changeStatus", change.status));
                }
                activate(candidate, origin, report, change.baseVersion);
            } catch (ServingVersionChangedException e) {
                throw changes.superseded(change, e.serving());
            }
            if (change.uploadedFile != null) {
                change.files.stream().filter(file -> file.name().equals(change.uploadedFile)).findFirst().ifPresent(folder::write);
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("change", change.id.toString());
            details.put("proposedBy", change.proposedBy == null ? "rules folder" : change.proposedBy);
            details.put("note", note == null ? "" : note);
            return changes.decide(change, RuleChange.Status.ACTIVATED, actor, note, emergency,
                    emergency ? RulesetEvent.Kind.EMERGENCY_ACTIVATION : RulesetEvent.Kind.CHANGE_APPROVED, details);
        }
    }

    // 4. Activate

    /**
     * Makes a candidate that passed the gate serve: compiled here, recorded as the version every
     * instance serves, swapped in. Changes based on the version it replaces can no longer be approved.
     *
     * @param base the version it must replace (an approved change), or null to replace whatever serves
     * @return ACTIVATED, or UNCHANGED when only golden cases changed and the same rules keep serving
     * @throws ServingVersionChangedException when another version than {@code base} serves
     */
    private CandidateOutcome activate(RulesetCandidate candidate, RulesetOrigin origin, CandidateReport report, String base) {
        if (activeRuleset.started() && activeRuleset.current().version().equals(report.version())) {
            history.recordGoldenCases(report.version(), candidate.goldenCases());
            activeRuleset.vouch(candidate, report);
            return CandidateOutcome.UNCHANGED;
        }
        serve(activeRuleset.servable(candidate, origin.location()), candidate, origin, report, base);
        return CandidateOutcome.ACTIVATED;
    }

    private void serve(Ruleset ruleset, RulesetCandidate candidate, RulesetOrigin origin, CandidateReport report, String base) {
        activeRuleset.serve(new ActiveRuleset.Active(ruleset, origin, Instant.now(), candidate, report),
                () -> history.recordActivation(ruleset, candidate.goldenCases(), origin, report, base));
        count("activated");
        LOG.infof("Rules from %s active, version %s", origin.location(), report.version());
        changes.supersedeStale(report.version());
    }

    // Start-up

    /**
     * The version recorded as active serves, whatever this instance's folder holds; with none
     * recorded yet (a new database), the folder's rules go through the whole gate, and the bundled
     * rules serve when there is no folder or its rules fail, so a broken rule file never keeps the
     * service down. A folder holding exactly the bundled files (a deployment of the rules it was
     * built with) needs no check process: they passed the gate at build time. Before the other
     * start-up observers, which may read the serving rules.
     */
    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION) StartupEvent event) {
        synchronized (changing) {
            if (activeRuleset.adoptRecorded()) {
                offerFolder();
                return;
            }
            FailedAttempt folderFailure = null;
            RulesetCandidate bundled = RulesetCandidate.bundled();
            if (folder.exists()) {
                RulesetCandidate candidate = folder.read();
                if (candidate.equals(bundled)) {
                    serveCheckedAtBuild(candidate, fromFolder());
                    return;
                }
                if (gateAndActivate(candidate, fromFolder()).outcome() != CandidateOutcome.REJECTED) {
                    return;
                }
                folderFailure = lastFailure;
                LOG.errorf("The rules in %s cannot be activated, serving the bundled rules instead", folder.directory());
            } else {
                LOG.infof("No rules folder at %s, serving the bundled rules", folder.directory());
            }
            serveCheckedAtBuild(bundled, new RulesetOrigin(RulesetOrigin.Source.BUNDLED, RulesetSource.BUNDLED, null));
            lastFailure = folderFailure;
        }
    }

    /**
     * The bundled rules passed the gate when the application was built: they are compiled here (or
     * taken from the compiled-rules cache, which a restart then finds filled) and their golden cases
     * (data, not code) run here, which spares the start-up a check process.
     */
    private void serveCheckedAtBuild(RulesetCandidate builtIn, RulesetOrigin origin) {
        ActiveRuleset.Checked checked = activeRuleset.checked(builtIn, origin.location());
        if (!checked.report().passed()) {
            throw new IllegalStateException("the bundled rules fail their own checks: " + checked.report().summary());
        }
        serve(checked.ruleset(), builtIn, origin, checked.report(), null);
    }

    /**
     * A folder that differs from the serving version at start-up: without four-eyes control it is
     * activated through the gate (local development); with it, it waits to be proposed, since a
     * restart must not activate edits nobody approved.
     */
    private void offerFolder() {
        if (!folder.exists()) {
            return;
        }
        RulesetCandidate candidate = folder.read();
        if (activeRuleset.serves(candidate)) {
            return;
        }
        if (!config.approvalRequired()) {
            submit(candidate, fromFolder(), null);
            return;
        }
        LOG.warnf("The rules folder %s holds version %s, which is not the active version %s: POST /api/rules/reload proposes"
                + " the folder's rules for approval", folder.directory(), candidate.version(), activeRuleset.current().version());
    }

    private RulesetOrigin fromFolder() {
        return new RulesetOrigin(RulesetOrigin.Source.FOLDER, folder.directory().toString(), null);
    }

    /** What became of candidates: activated, rejected by the gate, or pending approval. */
    private void count(String outcome) {
        metrics.counter("aigov.ruleset.candidates", "outcome", outcome).increment();
    }
}
