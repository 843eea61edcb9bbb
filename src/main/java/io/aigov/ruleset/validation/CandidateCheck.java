package io.aigov.ruleset.validation;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import java.util.function.ObjIntConsumer;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.aigov.decision.engine.DecisionOutcome;
import io.aigov.decision.golden.GoldenCaseRun;
import io.aigov.decision.rulefile.RuleProblem;
import io.aigov.decision.ruleset.InvalidRulesetException;
import io.aigov.decision.ruleset.Ruleset;
import io.aigov.decision.ruleset.RulesetCandidate;
import io.aigov.decision.ruleset.RulesetCompiler;
import io.aigov.decision.safety.RuleSafetyCheck;
import io.aigov.ruleset.config.RulesConfig;
import io.aigov.ruleset.isolation.CheckRequest;
import io.aigov.ruleset.isolation.CheckResult;
import io.aigov.ruleset.isolation.ReplayInput;
import io.aigov.ruleset.isolation.SimulatedDecision;
import io.aigov.ruleset.isolation.service.CheckProcesses;

/**
 * The gate every candidate passes before it may serve: the safety check first, here (it only reads
 * the rules, so an unsafe rule is never compiled, let alone run), then compilation and the golden
 * cases in a check process of its own, so that the candidate's code never runs in the service. A
 * candidate whose code is the serving rules' may be checked in the service ({@link #checkHere}).
 */
@ApplicationScoped
public class CandidateCheck {

    private static final Logger LOG = Logger.getLogger(CandidateCheck.class);
    private static final String REFUSED = "none: the safety check refused the candidate before anything was compiled or run";
    private static final String UNREADABLE = "none: the rules folder holds entries that were refused unread, so nothing was compiled or run";
    static final String DATA_ONLY = "none needed: the rules of the version that serves, which run in the service already, with this"
            + " candidate's thresholds, declarations and golden cases (data the rules read), run in the service";
    private static final String SOURCE = "candidate";

    private static final int PASSED_REMEMBERED = 8;

    private final Semaphore examining = new Semaphore(Runtime.getRuntime().availableProcessors(), true);

    private final CheckProcesses processes;
    private final RulesConfig config;
    private final Map<Passed, CandidateReport> passed = new LinkedHashMap<>(PASSED_REMEMBERED, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Passed, CandidateReport> eldest) {
            return size() > PASSED_REMEMBERED;
        }
    };

    private record Passed(RulesetCandidate candidate, LocalDate day) {
    }

    public CandidateCheck(CheckProcesses processes, RulesConfig config) {
        this.processes = processes;
        this.config = config;
    }

    /**
     * A candidate that passed (here or in an impact analysis) is remembered, so that files checked
     * before are not checked again: approving a proposed change, or going back to an earlier edit.
     * The same files the same day (golden cases may depend on the date) get the same report. A
     * failure is not remembered: a process stopped at its time limit on a busy machine may pass later.
     *
     * <p>A candidate that changes only data the serving rules read is checked here ({@link #checkHere}); any other in a
     * check process.
     *
     * @param serving   the ruleset that serves, null before any does
     * @param requester the person who asked, null for the service itself: a person's check may be refused
     *                  when check processes are scarce, the service's waits for one
     * @throws io.aigov.ruleset.isolation.service.CheckCapacityException when the person's check cannot be taken now
     */
    public CandidateReport run(RulesetCandidate candidate, Ruleset serving, String requester) {
        return remembered(candidate).orElseGet(() -> checkableHere(candidate, serving)
                ? checkHere(candidate, serving).report()
                : gate(candidate, request -> processes.check(request, requester)));
    }

    /** The report on a candidate that passed today, if it is still remembered. */
    public Optional<CandidateReport> remembered(RulesetCandidate candidate) {
        synchronized (passed) {
            return Optional.ofNullable(passed.get(new Passed(candidate, LocalDate.now(ZoneOffset.UTC))));
        }
    }

    /** A report made without a check process (rules that passed the gate before), remembered as one made here when it passed. */
    public CandidateReport remember(RulesetCandidate candidate, CandidateReport report) {
        if (report.passed()) {
            synchronized (passed) {
                passed.put(new Passed(candidate, LocalDate.now(ZoneOffset.UTC)), report);
            }
        }
        return report;
    }

    /**
     * The same check, and then, if the candidate compiles, each input decided on it, handed over
     * with its index. The inputs are asked for only once the safety check has passed and the check has
     * its process.
     */
    public CandidateReport replay(RulesetCandidate candidate, Supplier<List<ReplayInput>> inputs, ObjIntConsumer<DecisionOutcome> each,
            String requester) {
        return gate(candidate, request -> processes.replay(request, inputs, each, requester));
    }

    /**
     * The same check, and then, if the candidate compiles, each input decided on it with its fired
     * rules and reasons, for the rule author's simulator; nothing is changed. Where {@link #run} checks a
     * candidate, here or in a check process, its inputs are decided too.
     *
     * @param serving the ruleset that serves, null before any does
     */
    public CandidateReport simulate(RulesetCandidate candidate, Ruleset serving, List<ReplayInput> inputs,
            ObjIntConsumer<SimulatedDecision> each, String requester) {
        if (checkableHere(candidate, serving)) {
            CheckedHere here = checkHere(candidate, serving);
            here.ruleset().ifPresent(ruleset -> {
                for (int i = 0; i < inputs.size(); i++) {
                    each.accept(SimulatedDecision.of(ruleset, inputs.get(i), config.limits()), i);
                }
            });
            return here.report();
        }
        return gate(candidate, request -> processes.simulate(request, inputs, each, requester));
    }

    /** A candidate checked in the service: the ruleset it makes, unless it was refused or does not compile, and the report. */
    public record CheckedHere(Optional<Ruleset> ruleset, CandidateReport report) {
    }

    /**
     * The gate for a candidate whose DRL files are those of {@code serving}, rules that run in the service already: what
     * differs is data the rules read (thresholds, declarations) and golden cases. After the safety check it is made from
     * the serving rules, as a threshold edit serves, and its golden cases run here, with no check process. Only for a
     * candidate {@link #checkableHere}; any other takes the gate with a check process.
     */
    public CheckedHere checkHere(RulesetCandidate candidate, Ruleset serving) {
        if (!checkableHere(candidate, serving)) {
            throw new IllegalArgumentException("only a candidate whose rules serve already is checked in the service");
        }
        RuleSafetyCheck.Outcome safety = examine(candidate);
        if (!safety.passed()) {
            return new CheckedHere(Optional.empty(), refused(candidate, safety));
        }
        Ruleset ruleset;
        try {
            ruleset = RulesetCompiler.withThresholds(serving, candidate.rules(), SOURCE);
        } catch (InvalidRulesetException e) {
            return new CheckedHere(Optional.empty(), new CandidateReport(candidate.version(), List.of(), e.problems(), List.of(), DATA_ONLY));
        }
        CandidateReport report = new CandidateReport(candidate.version(), List.of(), List.of(),
                GoldenCaseRun.run(ruleset, candidate.goldenCases(), config.limits()), DATA_ONLY);
        return new CheckedHere(Optional.of(ruleset), remember(candidate, report));
    }

    /**
     * Whether {@link #checkHere} checks this candidate in the service: its DRL files are the serving ones, and all its files were read.
     *
     * @param serving the ruleset that serves, null before any does (then no candidate is)
     */
    public boolean checkableHere(RulesetCandidate candidate, Ruleset serving) {
        return serving != null && candidate.unreadable().isEmpty() && RulesetCompiler.sameRules(candidate.rules(), serving);
    }

    private CandidateReport gate(RulesetCandidate candidate, Function<CheckRequest, CheckResult> inChildProcess) {
        RuleSafetyCheck.Outcome safety = examine(candidate);
        if (!candidate.unreadable().isEmpty()) {
            // A link out of the folder, a FIFO, a name no rule file may have: refused by name, with what the safety check says of the rest.
            List<RuleProblem> findings = new ArrayList<>(candidate.unreadable());
            findings.addAll(safety.findings());
            return new CandidateReport(candidate.version(), findings, safety.syntaxErrors(), List.of(), UNREADABLE);
        }
        if (!safety.passed()) {
            return refused(candidate, safety);
        }
        long started = System.nanoTime();
        CheckResult result = inChildProcess.apply(new CheckRequest(candidate.rules(), candidate.goldenCases(), config.limits()));
        LOG.infof("Candidate %s checked in a child process in %d ms", candidate.version(), (System.nanoTime() - started) / 1_000_000);
        // A process stopped or crashed over the candidate (time, memory) makes it unsafe to run in the service.
        List<RuleProblem> stopped = result.stopped() == null ? List.of() : List.of(result.stopped());
        CandidateReport report = new CandidateReport(candidate.version(), stopped, result.compileErrors(), result.goldenCases(),
                result.isolation());
        return remember(candidate, report);
    }

    private static CandidateReport refused(RulesetCandidate candidate, RuleSafetyCheck.Outcome safety) {
        return new CandidateReport(candidate.version(), safety.findings(), safety.syntaxErrors(), List.of(), REFUSED);
    }

    /**
     * The safety check, here, one per core at a time: it takes its candidate's size in time and far
     * more in memory while it parses (a 1 MB file: seconds, and a hundred MB), so checks sent all at
     * once wait their turn rather than crowd out evaluations or fill the heap. Golden cases are read
     * too: a reviewer reads them as much as the rules.
     */
    private RuleSafetyCheck.Outcome examine(RulesetCandidate candidate) {
        try {
            examining.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to check a candidate", e);
        }
        try {
            return RuleSafetyCheck.examine(candidate.files(), RulesetCompiler.declarationsToCheck(candidate.files()));
        } finally {
            examining.release();
        }
    }
}
