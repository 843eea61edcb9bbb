package io.aigov.ruleset.service;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.StartupEvent;

import io.aigov.cluster.ClusterCheck;
import io.aigov.cluster.ClusterNotice;
import io.aigov.cluster.ClusterTopic;
import io.aigov.decision.golden.GoldenCaseRun;
import io.aigov.decision.rulefile.RuleFile;
import io.aigov.decision.ruleset.InvalidRulesetException;
import io.aigov.decision.ruleset.Ruleset;
import io.aigov.decision.ruleset.RulesetCandidate;
import io.aigov.decision.ruleset.RulesetCompiler;
import io.aigov.decision.ruleset.RulesetSource;
import io.aigov.ruleset.RulesetOrigin;
import io.aigov.ruleset.config.RulesConfig;
import io.aigov.ruleset.history.ActiveVersion;
import io.aigov.ruleset.history.RulesetHistory;
import io.aigov.ruleset.history.ServingVersionChangedException;
import io.aigov.ruleset.history.StoredRulesetVersion;
import io.aigov.ruleset.isolation.service.CheckProcesses;
import io.aigov.ruleset.validation.CandidateCheck;
import io.aigov.ruleset.validation.CandidateReport;

/**
 * The ruleset that decides evaluations now, and the only way to change it. A candidate becomes
 * active only after its safety check, compilation and golden cases pass (compilation and golden
 * cases in a check process, {@link CandidateCheck}) and its version is stored; only then is it
 * compiled here to serve. Otherwise the previous ruleset keeps serving and the failed attempt is
 * kept for {@code GET /api/rules}. The swap is a single reference write: an evaluation that took
 * the ruleset before it runs wholly on that version.
 *
 * <p>Every instance sharing the database serves the same version: an activation is recorded as
 * the active version in PostgreSQL and announced; other instances then compile it from its stored
 * files ({@link #follow}). At start-up the recorded version serves; only a new database takes the
 * configured folder, or the bundled rules when there is no folder or its rules fail, so a broken
 * rule file never keeps the service down. Rules that passed the gate before (the bundled ones, or a
 * stored version) are compiled and their golden cases run here, without a check process.
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
    private final CompiledRulesCache compiledRules;
    private final Event<RulesetActivated> activated;
    private volatile Active active;
    private volatile FailedAttempt lastFailure;

    /** The serving ruleset with when and from where it was activated, and the candidate it was checked as. */
    public record Active(Ruleset ruleset, RulesetOrigin origin, Instant activatedAt, RulesetCandidate candidate,
            CandidateReport report) {
    }

    public record FailedAttempt(Instant at, RulesetOrigin origin, CandidateReport report) {
    }

    private final MeterRegistry metrics;
    private final MultiGauge servingVersion;

    public ActiveRuleset(RulesConfig config, RulesetHistory history, CandidateCheck candidateCheck, CheckProcesses checkProcesses,
            CompiledRulesCache compiledRules, Event<RulesetActivated> activated, MeterRegistry metrics) {
        this.metrics = metrics;
        this.servingVersion = MultiGauge.builder("aigov.ruleset.active.info").description("The ruleset version this instance serves (value 1)")
                .register(metrics);
        this.config = config;
        this.history = history;
        this.candidateCheck = candidateCheck;
        this.checkProcesses = checkProcesses;
        this.compiledRules = compiledRules;
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
    public Submission activate(RulesetCandidate candidate, RulesetOrigin origin) {
        return activateReplacing(null, candidate, origin);
    }

    /**
     * As {@link #activate}, only while {@code base} serves: an approved change must replace the version
     * it was proposed against, whichever instance activated something meanwhile.
     *
     * @throws ServingVersionChangedException when another version serves
     */
    public synchronized Submission activateReplacing(String base, RulesetCandidate candidate, RulesetOrigin origin) {
        try (CheckProcesses.SpareDeferral compilingNext = checkProcesses.deferSpare()) {
            Submission checked = check(candidate, origin);
            if (checked.outcome() != CandidateOutcome.PENDING_APPROVAL) {
                return checked;
            }
            CandidateReport report = checked.report();
            if (active != null && active.ruleset().version().equals(report.version())) {
                // Only golden cases changed: the same rules keep serving, now vouched for by the new cases.
                history.recordGoldenCases(report.version(), candidate.goldenCases());
                active = new Active(active.ruleset(), active.origin(), active.activatedAt(), candidate, report);
                return new Submission(CandidateOutcome.UNCHANGED, report);
            }
            return serve(compiled(candidate, origin.location()), candidate, origin, report, base);
        }
    }

    /**
     * Serves the version recorded as active in the database when it is not the one serving here:
     * another instance activated it. Called for every notice of an activation and periodically, in
     * case a notice was lost.
     */
    void follow(@Observes ClusterNotice notice) {
        if (notice.topic() == ClusterTopic.RULESET) {
            follow();
        }
    }

    void follow(@Observes ClusterCheck check) {
        follow();
    }

    private void follow() {
        if (active == null || history.activeVersion().map(this::servesHere).orElse(true)) {
            return;
        }
        synchronized (this) {
            // Read again, holding the lock: an activation here may have recorded a newer version meanwhile.
            history.activeVersion().filter(recorded -> !servesHere(recorded)).ifPresent(recorded -> {
                adopt(recorded, recorded.goldenCases == null ? active.candidate().goldenCases() : recorded.goldenCases);
                LOG.infof("Version %s, activated %s by %s, serves now", recorded.rulesetVersion, recorded.activatedAt,
                        recorded.activatedBy == null ? recorded.origin : recorded.activatedBy);
            });
        }
    }

    private boolean servesHere(ActiveVersion recorded) {
        Active serving = active;
        return serving.ruleset().version().equals(recorded.rulesetVersion)
                && (recorded.goldenCases == null || recorded.goldenCases.equals(serving.candidate().goldenCases()));
    }

    /**
     * Serves a version another instance (or an earlier start) activated: it passed the gate then, so
     * it is compiled here from its stored files, and its golden cases run here for the report.
     */
    private void adopt(ActiveVersion recorded, List<RuleFile> goldenCases) {
        StoredRulesetVersion stored = history.version(recorded.rulesetVersion).orElseThrow();
        RulesetCandidate candidate = new RulesetCandidate(stored.files, goldenCases);
        Ruleset ruleset = compiled(candidate, "version " + recorded.rulesetVersion);
        CandidateReport report = new CandidateReport(recorded.rulesetVersion, List.of(), List.of(),
                GoldenCaseRun.run(ruleset, candidate.goldenCases(), config.limits()), CHECKED_BEFORE);
        if (!report.passed()) {
            LOG.errorf("Version %s serves on every instance, but its golden cases fail here: %s", recorded.rulesetVersion,
                    report.summary());
        }
        swapIn(new Active(ruleset, recorded.origin(), recorded.activatedAt, candidate, report));
    }

    /** The single reference write that makes a ruleset serve, and the metric that says which one does. */
    private void swapIn(Active next) {
        active = next;
        servingVersion.register(List.of(MultiGauge.Row.of(Tags.of("version", next.ruleset().version()), 1)), true);
    }

    /** What became of candidates: activated, rejected by the gate, or pending approval (counted by RuleChanges). */
    public void countCandidate(String outcome) {
        metrics.counter("aigov.ruleset.candidates", "outcome", outcome).increment();
    }

    /**
     * Thresholds are data, so a threshold edit reuses the compiled rules; rules this instance served
     * before (a restart) come from their stored compiled form.
     */
    private Ruleset compiled(RulesetCandidate candidate, String source) {
        if (active != null && RulesetCompiler.sameRules(candidate.rules(), active.ruleset())) {
            return RulesetCompiler.withThresholds(active.ruleset(), candidate.rules(), source);
        }
        Optional<Ruleset> stored = compiledRules.load(candidate.rules(), source);
        if (stored.isPresent()) {
            return stored.get();
        }
        Ruleset compiled = RulesetCompiler.compile(candidate.rules(), source);
        compiledRules.store(compiled);
        return compiled;
    }

    /**
     * Runs the activation gate on a candidate without activating it: UNCHANGED for the serving
     * files, REJECTED (recorded, and shown as the last failed attempt) when a check fails,
     * PENDING_APPROVAL when it passes. The check is the origin's actor's (none: the service's own).
     *
     * @throws io.aigov.ruleset.isolation.service.CheckCapacityException when the actor's check cannot be taken now;
     *         nothing is recorded then
     */
    public synchronized Submission check(RulesetCandidate candidate, RulesetOrigin origin) {
        return serves(candidate) ? unchanged() : judge(candidate.version(), origin, candidateCheck.run(candidate, origin.actor()));
    }

    /**
     * As {@link #check}, with the report of a gate the caller ran itself: impact analysis checks a
     * candidate in the same process that replays decisions on it.
     */
    public synchronized Submission check(RulesetCandidate candidate, RulesetOrigin origin, CandidateReport report) {
        return serves(candidate) ? unchanged() : judge(candidate.version(), origin, report);
    }

    private Submission unchanged() {
        lastFailure = null;
        return new Submission(CandidateOutcome.UNCHANGED, active.report());
    }

    private Submission judge(String version, RulesetOrigin origin, CandidateReport report) {
        if (!report.passed()) {
            history.recordRejection(report, origin);
            countCandidate("rejected");
            lastFailure = new FailedAttempt(Instant.now(), origin, report);
            LOG.warnf("Rules from %s not activated, version %s keeps serving: %s", origin.location(),
                    active == null ? "none" : active.ruleset().version(), report.summary());
            return new Submission(CandidateOutcome.REJECTED, report);
        }
        lastFailure = null;
        return new Submission(CandidateOutcome.PENDING_APPROVAL, report);
    }

    private Submission serve(Ruleset ruleset, RulesetCandidate candidate, RulesetOrigin origin, CandidateReport report,
            String replacing) {
        history.recordActivation(ruleset, candidate.goldenCases(), origin, report, replacing);
        countCandidate("activated");
        String previous = active == null ? null : active.ruleset().version();
        swapIn(new Active(ruleset, origin, Instant.now(), candidate, report));
        LOG.infof("Rules from %s active, version %s", origin.location(), report.version());
        try {
            activated.fire(new RulesetActivated(report.version(), previous));
        } catch (RuntimeException e) {
            // What others do about a new version must not undo it: it serves already.
            LOG.errorf(e, "Handling the activation of version %s failed", report.version());
        }
        return new Submission(CandidateOutcome.ACTIVATED, report);
    }

    /**
     * Rules that passed the gate when they were first activated are trusted: they are compiled here
     * and their golden cases (data, not code) run here, which spares the start-up a check process.
     */
    private Submission activateCheckedBefore(RulesetCandidate candidate, RulesetOrigin origin) {
        Ruleset ruleset;
        try {
            ruleset = RulesetCompiler.compile(candidate.rules(), origin.location());
        } catch (InvalidRulesetException e) {
            return judge(candidate.version(), origin,
                    new CandidateReport(candidate.version(), List.of(), e.problems(), List.of(), CHECKED_BEFORE));
        }
        CandidateReport report = new CandidateReport(candidate.version(), List.of(), List.of(),
                GoldenCaseRun.run(ruleset, candidate.goldenCases(), config.limits()), CHECKED_BEFORE);
        Submission checked = judge(candidate.version(), origin, report);
        return checked.outcome() == CandidateOutcome.REJECTED ? checked : serve(ruleset, candidate, origin, report, null);
    }

    /**
     * The version recorded as active serves, whatever this instance's folder holds; with no version
     * recorded yet (a new database), the folder's rules go through the whole gate, and the bundled
     * rules serve when there is no folder or its rules fail.
     */
    private void activateAtStartup() {
        Path directory = directory();
        Optional<ActiveVersion> recorded = history.activeVersion();
        if (recorded.isPresent()) {
            adopt(recorded.get(), recorded.get().goldenCases == null ? goldenCasesOf(recorded.get().rulesetVersion, directory)
                    : recorded.get().goldenCases);
            LOG.infof("Serving version %s, the active version recorded in the database", recorded.get().rulesetVersion);
            offerFolder(directory);
            return;
        }
        FailedAttempt folderFailure = null;
        if (Files.isDirectory(directory)) {
            if (activate(RulesetCandidate.fromDirectory(directory), fromFolder(directory)).outcome() != CandidateOutcome.REJECTED) {
                return;
            }
            folderFailure = lastFailure;
            LOG.errorf("The rules in %s cannot be activated, serving the bundled rules instead", directory);
        } else {
            LOG.infof("No rules folder at %s, serving the bundled rules", directory);
        }
        Submission bundled = activateCheckedBefore(RulesetCandidate.bundled(),
                new RulesetOrigin(RulesetOrigin.Source.BUNDLED, RulesetSource.BUNDLED, null));
        if (bundled.outcome() == CandidateOutcome.REJECTED) {
            throw new IllegalStateException("the bundled rules fail their own checks: " + bundled.report().summary());
        }
        lastFailure = folderFailure;
    }

    /**
     * A folder that differs from the serving version at start-up: without four-eyes control it is
     * activated through the gate (local development); with it, it waits to be proposed, since a
     * restart must not activate edits nobody approved.
     */
    private void offerFolder(Path directory) {
        if (!Files.isDirectory(directory)) {
            return;
        }
        RulesetCandidate folder = RulesetCandidate.fromDirectory(directory);
        if (serves(folder)) {
            return;
        }
        if (!config.approvalRequired()) {
            activate(folder, fromFolder(directory));
            return;
        }
        LOG.warnf("The rules folder %s holds version %s, which is not the active version %s: POST /api/rules/reload proposes"
                + " the folder's rules for approval", directory, folder.version(), active.ruleset().version());
    }

    /** The golden cases of a version recorded before golden cases were: the folder's or the bundled ones, if their rules match. */
    private static List<RuleFile> goldenCasesOf(String version, Path directory) {
        return Stream.of(Files.isDirectory(directory) ? RulesetCandidate.fromDirectory(directory) : null, RulesetCandidate.bundled())
                .filter(candidate -> candidate != null && candidate.version().equals(version)).findFirst()
                .map(RulesetCandidate::goldenCases).orElse(List.of());
    }

    private static RulesetOrigin fromFolder(Path directory) {
        return new RulesetOrigin(RulesetOrigin.Source.FOLDER, directory.toString(), null);
    }
}
