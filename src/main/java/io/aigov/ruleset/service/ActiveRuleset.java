package io.aigov.ruleset.service;

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

import io.aigov.cluster.ClusterCheck;
import io.aigov.cluster.ClusterNotice;
import io.aigov.cluster.ClusterTopic;
import io.aigov.decision.golden.GoldenCaseRun;
import io.aigov.decision.rulefile.RuleFile;
import io.aigov.decision.ruleset.InvalidRulesetException;
import io.aigov.decision.ruleset.Ruleset;
import io.aigov.decision.ruleset.RulesetCandidate;
import io.aigov.decision.ruleset.RulesetCompiler;
import io.aigov.decision.safety.RuleSafetyCheck;
import io.aigov.ruleset.RulesetOrigin;
import io.aigov.ruleset.config.RulesConfig;
import io.aigov.ruleset.history.ActiveVersion;
import io.aigov.ruleset.history.RulesetHistory;
import io.aigov.ruleset.history.StoredRulesetVersion;
import io.aigov.ruleset.validation.CandidateReport;

/**
 * The ruleset that decides evaluations now. It changes in two ways: a version that passed the gate
 * here is recorded as the active version of every instance and swapped in ({@link #serve}, called
 * by {@link RuleLifecycle}), or a version recorded as active elsewhere (another instance, or an
 * earlier start) is compiled from its stored files and swapped in ({@link #follow}). The swap is a
 * single reference write: an evaluation that took the ruleset before it runs wholly on that
 * version. Each swap is announced with {@link RulesetServing}, asynchronously.
 */
@ApplicationScoped
public class ActiveRuleset {

    private static final Logger LOG = Logger.getLogger(ActiveRuleset.class);
    /** How rules that passed the gate before are checked: bundled with the application, or a stored version. */
    static final String CHECKED_BEFORE = "none needed: rules that passed the checks before (bundled with the application,"
            + " or a stored version), compiled and run in the service";

    private final RulesConfig config;
    private final RulesetHistory history;
    private final RulesFolder folder;
    private final CompiledRulesCache compiledRules;
    private final Event<RulesetServing> serving;
    private final MultiGauge servingVersion;
    private volatile Active active;

    /** A candidate compiled here, with the report of its golden cases run here; see {@link #checkedBefore}. */
    public record Checked(Ruleset ruleset, CandidateReport report) {
    }

    /** The serving ruleset with when and from where it was activated, and the candidate it was checked as. */
    public record Active(Ruleset ruleset, RulesetOrigin origin, Instant activatedAt, RulesetCandidate candidate,
            CandidateReport report) {
    }

    public ActiveRuleset(RulesConfig config, RulesetHistory history, RulesFolder folder, CompiledRulesCache compiledRules,
            Event<RulesetServing> serving, MeterRegistry metrics) {
        this.config = config;
        this.history = history;
        this.folder = folder;
        this.compiledRules = compiledRules;
        this.serving = serving;
        this.servingVersion = MultiGauge.builder("aigov.ruleset.active.info").description("The ruleset version this instance serves (value 1)")
                .register(metrics);
    }

    /** Callers keep the returned ruleset for a whole evaluation, so a later swap never splits one. */
    public Ruleset current() {
        return active().ruleset();
    }

    /** The serving ruleset, or null before the start-up made one serve. */
    public Ruleset currentOrNull() {
        Active serving = active;
        return serving == null ? null : serving.ruleset();
    }

    /** @throws IllegalStateException before the start-up made a ruleset serve */
    public Active active() {
        Active serving = active;
        if (serving == null) {
            throw new IllegalStateException("no ruleset serves yet: the service is starting");
        }
        return serving;
    }

    /** Whether a ruleset serves already; none does until the start-up made one serve. */
    public boolean started() {
        return active != null;
    }

    /** Whether these are exactly the files that serve: editors and copies touch files without changing them. */
    public boolean serves(RulesetCandidate candidate) {
        Active serving = active;
        return serving != null && serving.candidate().equals(candidate);
    }

    /**
     * Makes a ruleset that passed the gate serve here, once {@code record} has recorded it as the
     * version that serves everywhere: both under this instance's lock, so that following the
     * recorded version never finds it recorded but not yet serving here.
     */
    public synchronized void serve(Active next, Runnable record) {
        record.run();
        swapIn(next, RulesetServing.How.ACTIVATED);
    }

    /** The same rules keep serving, now checked with other golden cases. */
    public synchronized void vouch(RulesetCandidate candidate, CandidateReport report) {
        Active serving = active();
        active = new Active(serving.ruleset(), serving.origin(), serving.activatedAt(), candidate, report);
    }

    /**
     * Rules that passed the gate before need no check process: those bundled with the application
     * (checked when it was built) and every version that served here or on another instance (going
     * back to one is a rollback). Their code has run in the service already; they are compiled here,
     * and their golden cases, which are data, run here. Anything but the bundled files themselves
     * must still pass today's safety check, golden cases included, as the gate reads them: a later
     * release may be stricter, and golden cases may be new. Empty for any other rules.
     */
    public Optional<Checked> checkedBefore(RulesetCandidate candidate) {
        if (!candidate.unreadable().isEmpty()) {
            return Optional.empty();
        }
        boolean passedBefore = candidate.equals(RulesetCandidate.bundled())
                || (servedBefore(candidate) && RuleSafetyCheck.examine(candidate.files(), RulesetCompiler.declarationsToCheck(candidate.files())).passed());
        return passedBefore ? Optional.of(checked(candidate, "version " + candidate.version())) : Optional.empty();
    }

    private boolean servedBefore(RulesetCandidate candidate) {
        return candidate.rules().equals(RulesetCandidate.bundled().rules()) || history.version(candidate.version())
                .filter(stored -> new RulesetCandidate(stored.files, List.of()).rules().equals(candidate.rules())).isPresent();
    }

    /** Rules that passed the gate before, compiled here, and their golden cases run here. */
    Checked checked(RulesetCandidate candidate, String source) {
        Ruleset ruleset = servable(candidate, source);
        return new Checked(ruleset, new CandidateReport(ruleset.version(), List.of(), List.of(),
                GoldenCaseRun.run(ruleset, candidate.goldenCases(), config.limits()), CHECKED_BEFORE));
    }

    /**
     * A candidate as a ruleset ready to serve. Thresholds are data, so a threshold edit reuses the
     * compiled rules; rules this instance served before (a restart) come from their stored compiled form.
     */
    public Ruleset servable(RulesetCandidate candidate, String source) {
        Active serving = active;
        if (serving != null && RulesetCompiler.sameRules(candidate.rules(), serving.ruleset())) {
            return RulesetCompiler.withThresholds(serving.ruleset(), candidate.rules(), source);
        }
        Optional<Ruleset> stored = compiledRules.load(candidate.rules(), source);
        if (stored.isPresent()) {
            return stored.get();
        }
        Ruleset compiled = RulesetCompiler.compile(candidate.rules(), source);
        compiledRules.store(compiled);
        return compiled;
    }

    /** At start-up: the version recorded as active, if there is one, serves here; false on a new database. */
    synchronized boolean adoptRecorded() {
        Optional<ActiveVersion> recorded = history.activeVersion();
        recorded.ifPresent(version -> {
            adopt(version, version.goldenCases == null ? goldenCasesOf(version.rulesetVersion) : version.goldenCases);
            LOG.infof("Serving version %s, the active version recorded in the database", version.rulesetVersion);
        });
        return recorded.isPresent();
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
        Checked checked = checked(candidate, "version " + recorded.rulesetVersion);
        if (!checked.report().passed()) {
            LOG.errorf("Version %s serves on every instance, but its golden cases fail here: %s", recorded.rulesetVersion,
                    checked.report().summary());
        }
        swapIn(new Active(checked.ruleset(), recorded.origin(), recorded.activatedAt, candidate, checked.report()),
                RulesetServing.How.ADOPTED);
    }

    /**
     * The single reference write that makes a ruleset serve, the metric that says which one does,
     * and the announcement, which returns at once: what follows a new version runs elsewhere.
     */
    private void swapIn(Active next, RulesetServing.How how) {
        Active previous = active;
        active = next;
        servingVersion.register(List.of(MultiGauge.Row.of(Tags.of("version", next.ruleset().version()), 1)), true);
        String version = next.ruleset().version();
        if (previous != null && previous.ruleset().version().equals(version)) {
            return;
        }
        serving.fireAsync(new RulesetServing(version, previous == null ? null : previous.ruleset().version(), how))
                .exceptionally(failure -> {
                    LOG.errorf(failure, "Following version %s failed", version);
                    return null;
                });
    }

    /** The golden cases of a version recorded before golden cases were: the folder's or the bundled ones, if their rules match. */
    private List<RuleFile> goldenCasesOf(String version) {
        return Stream.of(folder.exists() ? folder.read() : null, RulesetCandidate.bundled())
                .filter(candidate -> candidate != null && candidate.version().equals(version)).findFirst()
                .map(RulesetCandidate::goldenCases).orElse(List.of());
    }
}
