package io.aigov.ruleset.service;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.aigov.evaluation.golden.GoldenCaseRun;
import io.aigov.ruleset.InvalidRulesetException;
import io.aigov.ruleset.Ruleset;
import io.aigov.ruleset.RulesetCandidate;
import io.aigov.ruleset.RulesetCompiler;
import io.aigov.ruleset.RulesetOrigin;
import io.aigov.ruleset.RulesetSource;
import io.aigov.ruleset.config.RulesConfig;
import io.aigov.ruleset.history.RulesetHistory;
import io.aigov.ruleset.history.StoredRulesetVersion;
import io.aigov.ruleset.isolation.service.CheckProcesses;
import io.aigov.ruleset.validation.CandidateCheck;
import io.aigov.ruleset.validation.CandidateReport;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;

/**
 * The ruleset that decides evaluations now, and the only way to change it. A candidate becomes
 * active only after its safety check, compilation and golden cases pass (compilation and golden
 * cases in a check process, {@link CandidateCheck}) and its version is stored; only then is it
 * compiled here to serve. Otherwise the previous ruleset keeps serving and the failed attempt is
 * kept for {@code GET /api/rules}. The swap is a single reference write: an evaluation that took
 * the ruleset before it runs wholly on that version.
 *
 * <p>At start-up the configured folder is tried first; when it does not exist or its rules fail,
 * the rules bundled with the application serve, so a broken rule file never keeps the service down.
 * Rules that passed the gate before (the bundled ones, or a version stored when it was activated)
 * are compiled and their golden cases run here, without a check process.
 */
@ApplicationScoped
public class ActiveRuleset {

    private static final Logger LOG = Logger.getLogger(ActiveRuleset.class);
    private static final String CHECKED_BEFORE = "none needed: rules that passed the checks before (bundled with the application,"
            + " or a stored version), compiled and run in the service";

    private final RulesConfig config;
    private final RulesetHistory history;
    private final CandidateCheck candidateCheck;
    private final CheckProcesses checkProcesses;
    private final Event<RulesetActivated> activated;
    private volatile Active active;
    private volatile FailedAttempt lastFailure;

    /** The serving ruleset with when and from where it was activated, and the candidate it was checked as. */
    public record Active(Ruleset ruleset, RulesetOrigin origin, Instant activatedAt, RulesetCandidate candidate,
            CandidateReport report) {
    }

    public record FailedAttempt(Instant at, RulesetOrigin origin, CandidateReport report) {
    }

    public enum Outcome {
        ACTIVATED,
        UNCHANGED,
        REJECTED,
        /** Passed the checks; waits for a second person's approval (RuleChanges). */
        PENDING_APPROVAL
    }

    public record Activation(Outcome outcome, CandidateReport report) {
    }

    public ActiveRuleset(RulesConfig config, RulesetHistory history, CandidateCheck candidateCheck, CheckProcesses checkProcesses,
            Event<RulesetActivated> activated) {
        this.config = config;
        this.history = history;
        this.candidateCheck = candidateCheck;
        this.checkProcesses = checkProcesses;
        this.activated = activated;
    }

    void onStart(@Observes StartupEvent event) {
        active();
    }

    /** Callers keep the returned ruleset for a whole evaluation, so a later swap never splits one. */
    public Ruleset current() {
        return active().ruleset();
    }

    public Active active() {
        Active serving = active;
        if (serving == null) {
            synchronized (this) {
                if (active == null) {
                    activateAtStartup();
                }
                serving = active;
            }
        }
        return serving;
    }

    public Optional<FailedAttempt> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    public Path directory() {
        return Path.of(config.directory()).toAbsolutePath().normalize();
    }

    /** Whether these are exactly the files that serve: editors and copies touch files without changing them. */
    public boolean serves(RulesetCandidate candidate) {
        Active serving = active;
        return serving != null && serving.candidate().equals(candidate);
    }

    /** Activates a candidate that passes the gate ({@link #check}); otherwise answers what the gate said. */
    public synchronized Activation activate(RulesetCandidate candidate, RulesetOrigin origin) {
        try (CheckProcesses.SpareDeferral compilingNext = checkProcesses.deferSpare()) {
            Activation checked = check(candidate, origin);
            if (checked.outcome() != Outcome.PENDING_APPROVAL) {
                return checked;
            }
            CandidateReport report = checked.report();
            if (active != null && active.ruleset().version().equals(report.version())) {
                // Only golden cases changed: the same rules keep serving, now vouched for by the new cases.
                active = new Active(active.ruleset(), active.origin(), active.activatedAt(), candidate, report);
                return new Activation(Outcome.UNCHANGED, report);
            }
            // Passed in a check process: now it may be compiled here. Thresholds are data, so a threshold edit reuses the compiled rules.
            Ruleset ruleset = active != null && RulesetCompiler.sameRules(candidate.rules(), active.ruleset())
                    ? RulesetCompiler.withThresholds(active.ruleset(), candidate.rules(), origin.location())
                    : RulesetCompiler.compile(candidate.rules(), origin.location());
            return serve(ruleset, candidate, origin, report);
        }
    }

    /**
     * Runs the activation gate on a candidate without activating it: UNCHANGED for the serving
     * files, REJECTED (recorded, and shown as the last failed attempt) when a check fails,
     * PENDING_APPROVAL when it passes.
     */
    public synchronized Activation check(RulesetCandidate candidate, RulesetOrigin origin) {
        return serves(candidate) ? unchanged() : judge(candidate.version(), origin, candidateCheck.run(candidate));
    }

    /**
     * As {@link #check}, with the report of a gate the caller ran itself: impact analysis checks a
     * candidate in the same process that replays decisions on it.
     */
    public synchronized Activation check(RulesetCandidate candidate, RulesetOrigin origin, CandidateReport report) {
        return serves(candidate) ? unchanged() : judge(candidate.version(), origin, report);
    }

    private Activation unchanged() {
        lastFailure = null;
        return new Activation(Outcome.UNCHANGED, active.report());
    }

    private Activation judge(String version, RulesetOrigin origin, CandidateReport report) {
        if (!report.passed()) {
            history.recordRejection(report, origin);
            lastFailure = new FailedAttempt(Instant.now(), origin, report);
            LOG.warnf("Rules from %s not activated, version %s keeps serving: %s", origin.location(),
                    active == null ? "none" : active.ruleset().version(), report.summary());
            return new Activation(Outcome.REJECTED, report);
        }
        lastFailure = null;
        return new Activation(Outcome.PENDING_APPROVAL, report);
    }

    private Activation serve(Ruleset ruleset, RulesetCandidate candidate, RulesetOrigin origin, CandidateReport report) {
        history.recordActivation(ruleset, origin, report);
        String previous = active == null ? null : active.ruleset().version();
        active = new Active(ruleset, origin, Instant.now(), candidate, report);
        LOG.infof("Rules from %s active, version %s", origin.location(), report.version());
        try {
            activated.fire(new RulesetActivated(report.version(), previous));
        } catch (RuntimeException e) {
            // What others do about a new version must not undo it: it serves already.
            LOG.errorf(e, "Handling the activation of version %s failed", report.version());
        }
        return new Activation(Outcome.ACTIVATED, report);
    }

    /**
     * Rules that passed the gate when they were first activated are trusted: they are compiled here
     * and their golden cases (data, not code) run here, which spares the start-up a check process.
     */
    private Activation activateCheckedBefore(RulesetCandidate candidate, RulesetOrigin origin) {
        Ruleset ruleset;
        try {
            ruleset = RulesetCompiler.compile(candidate.rules(), origin.location());
        } catch (InvalidRulesetException e) {
            return judge(candidate.version(), origin,
                    new CandidateReport(candidate.version(), List.of(), e.problems(), List.of(), CHECKED_BEFORE));
        }
        CandidateReport report = new CandidateReport(candidate.version(), List.of(), List.of(),
                GoldenCaseRun.run(ruleset, candidate.goldenCases(), config.limits()), CHECKED_BEFORE);
        Activation checked = judge(candidate.version(), origin, report);
        return checked.outcome() == Outcome.REJECTED ? checked : serve(ruleset, candidate, origin, report);
    }

    /**
     * With four-eyes control, a restart must not activate folder edits nobody approved: the folder
     * serves if its rules were active before (or none ever were); otherwise the latest stored version
     * serves, with the folder's golden cases, and the folder's edits wait to be proposed. Rules that
     * were active before are trusted; a folder never activated goes through the whole gate.
     */
    private Activation activateApprovedAtStartup(Path directory) {
        RulesetCandidate folder = RulesetCandidate.fromDirectory(directory);
        RulesetOrigin fromFolder = new RulesetOrigin(RulesetOrigin.Source.FOLDER, directory.toString(), null);
        List<StoredRulesetVersion> versions = QuarkusTransaction.requiringNew().call(history::versions);
        if (versions.stream().anyMatch(version -> version.id.equals(folder.version()))) {
            return activateCheckedBefore(folder, fromFolder);
        }
        if (versions.isEmpty() || !config.approvalRequired()) {
            return activate(folder, fromFolder);
        }
        StoredRulesetVersion latest = versions.get(0);
        LOG.warnf("The rules folder %s holds version %s, which was never approved: serving the last activated version %s;"
                + " POST /api/rules/reload proposes the folder's rules for approval", directory, folder.version(), latest.id);
        return activateCheckedBefore(new RulesetCandidate(latest.files, folder.goldenCases()),
                new RulesetOrigin(RulesetOrigin.Source.FOLDER, "stored version " + latest.id, null));
    }

    private void activateAtStartup() {
        Path directory = directory();
        FailedAttempt folderFailure = null;
        if (Files.isDirectory(directory)) {
            if (activateApprovedAtStartup(directory).outcome() != Outcome.REJECTED) {
                return;
            }
            folderFailure = lastFailure;
            LOG.errorf("The rules in %s cannot be activated, serving the bundled rules instead", directory);
        } else {
            LOG.infof("No rules folder at %s, serving the bundled rules", directory);
        }
        Activation bundled = activateCheckedBefore(RulesetCandidate.bundled(),
                new RulesetOrigin(RulesetOrigin.Source.BUNDLED, RulesetSource.BUNDLED, null));
        if (bundled.outcome() == Outcome.REJECTED) {
            throw new IllegalStateException("the bundled rules fail their own checks: " + bundled.report().summary());
        }
        lastFailure = folderFailure;
    }
}
