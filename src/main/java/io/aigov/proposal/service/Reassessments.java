package io.aigov.proposal.service;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.persistence.LockModeType;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import io.aigov.audit.AuditEvent;
import io.aigov.audit.AuditKind;
import io.aigov.audit.AuditLog;
import io.aigov.audit.AuditRecord;
import io.aigov.control.service.ControlService;
import io.aigov.decision.model.EvaluationDate;
import io.aigov.decision.model.Verdict;
import io.aigov.evaluation.service.EvaluationService;
import io.aigov.notification.Notification;
import io.aigov.notification.service.Notices;
import io.aigov.proposal.InventoryEvent;
import io.aigov.proposal.Proposal;
import io.aigov.proposal.ProposalEvaluation;
import io.aigov.proposal.ProposalState;
import io.aigov.proposal.UpcomingChange;
import io.aigov.proposal.config.ProposalsConfig;
import io.aigov.ruleset.service.RulesetServing;
import io.aigov.shared.DaemonThreads;
import io.aigov.shared.PollingWorker;
import io.aigov.evaluation.service.DecisionClock;

/**
 * Use cases decided again when what decides them changes: a new ruleset version, or a date the
 * rules compare with arriving. Every instance runs each pass over every use case it concerns; each
 * use case is held while it is looked at and decided again only if it is not current yet, so
 * whichever instance gets to it first decides it, once, and a pass cut short by a crash is
 * finished by the next one (another instance's, or this one's at start-up).
 */
@ApplicationScoped
public class Reassessments {

    private static final Logger LOG = Logger.getLogger(Reassessments.class);
    /** Open proposals and use cases in use: what a new version or a date decides again. */
    private static final List<ProposalState> DECIDED_AGAIN = List.of(ProposalState.SUBMITTED, ProposalState.UNDER_REVIEW,
            ProposalState.APPROVED, ProposalState.APPROVED_WITH_CONDITIONS, ProposalState.IN_PRODUCTION);

    /** What a date check did: how many use cases it decided again, how many of those changed, whose upcoming changes it worked out. */
    public record DateCheck(LocalDate day, int redecided, int changed, int upcomingRefreshed) {
    }

    /** What a use case's turn in a pass came to. */
    private enum Redecision {
        /** Not decided again: current already, or no longer open or in use. */
        CURRENT,
        UNCHANGED,
        /** Decided differently: flagged, or under reassessment. */
        CHANGED
    }

    /** Why a use case is decided again, as its re-decision record and its history say. */
    private sealed interface Cause {
    }

    /** A new version serves. */
    private record VersionServing(String version) implements Cause {
    }

    /** Dates of the rules arrived since the use case was last decided or checked, the latest last. */
    private record DatesReached(LocalDate today, TreeMap<LocalDate, List<String>> reached) implements Cause {
        LocalDate latest() {
            return reached.lastKey();
        }

        String describe(LocalDate since) {
            List<String> dates = new ArrayList<>();
            reached.tailMap(since, false).forEach((date, keys) -> dates.add(String.join(", ", keys) + " " + date));
            return "date reached: " + String.join("; ", dates);
        }
    }

    private final ProposalService proposals;
    private final EvaluationService evaluations;
    private final UpcomingChanges upcoming;
    private final AuditLog auditLog;
    private final Notices notices;
    private final DecisionClock clock;
    private final ProposalsConfig config;
    private final ControlService controls;
    private final PollingWorker dateChecks = new PollingWorker("date-checks", this::checkDatesQuietly);

    Reassessments(ProposalService proposals, EvaluationService evaluations, UpcomingChanges upcoming, AuditLog auditLog, Notices notices,
            DecisionClock clock, ProposalsConfig config, ControlService controls) {
        this.controls = controls;
        this.proposals = proposals;
        this.evaluations = evaluations;
        this.upcoming = upcoming;
        this.auditLog = auditLog;
        this.notices = notices;
        this.clock = clock;
        this.config = config;
    }

    void start(@Observes StartupEvent started) {
        dateChecks.start(config.dateCheckInterval());
    }

    void stop(@Observes ShutdownEvent stopping) {
        dateChecks.stop();
    }

    /**
     * Open proposals and use cases in use decided on an older version are decided again on the new
     * one. Runs after a new version serves, on every instance that serves it, outside the request
     * that activated it.
     */
    @ActivateRequestContext
    void onRulesetServing(@ObservesAsync RulesetServing serving) {
        List<UUID> waiting = ids("p.state in ?1", DECIDED_AGAIN);
        long started = System.nanoTime();
        Tally tally = redecideEach(waiting, new VersionServing(serving.version()));
        LOG.infof("Version %s serves (%s): %d of %d open proposals and use cases in use decided again here in %.1f s (%d changed)",
                serving.version(), serving.how().name().toLowerCase(Locale.ROOT), tally.redecided(), waiting.size(),
                (System.nanoTime() - started) / 1e9, tally.changed());
    }

    /**
     * Decides again the open proposals and use cases in use that a date of the rules, arrived
     * since they were last decided or checked, decides differently, and works out the upcoming
     * changes of those not worked out today. An administrator may ask for it; each instance runs
     * it by itself every {@code date-check-interval}.
     */
    @ActivateRequestContext
    public DateCheck checkDates() {
        LocalDate today = clock.today();
        TreeMap<LocalDate, List<String>> reached = evaluations.datesReached();
        Tally tally = Tally.NONE;
        if (!reached.isEmpty()) {
            DatesReached cause = new DatesReached(today, reached);
            List<UUID> behind = ids("p.state in ?1 and p.decidedAsOf < ?2", DECIDED_AGAIN, cause.latest());
            tally = redecideEach(behind, cause);
        }
        List<UUID> stale = ids("p.state in ?1 and (p.upcomingAsOf is null or p.upcomingAsOf < ?2)", DECIDED_AGAIN, today);
        int refreshed = 0;
        for (UUID id : stale) {
            Boolean done = attempt(id, () -> refreshUpcoming(id, today));
            refreshed += done != null && done ? 1 : 0;
        }
        if (tally.redecided() > 0 || refreshed > 0) {
            LOG.infof("Dates checked as of %s: %d use cases decided again (%d changed), upcoming changes of %d worked out", today,
                    tally.redecided(), tally.changed(), refreshed);
        }
        return new DateCheck(today, tally.redecided(), tally.changed(), refreshed);
    }

    /** The ids of the use cases that match, read in a transaction of their own. */
    private static List<UUID> ids(String where, Object... parameters) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var query = Proposal.getEntityManager().createQuery("select p.id from Proposal p where " + where, UUID.class);
            for (int i = 0; i < parameters.length; i++) {
                query.setParameter(i + 1, parameters[i]);
            }
            return query.getResultList();
        });
    }

    private void checkDatesQuietly() {
        try {
            checkDates();
        } catch (RuntimeException e) {
            LOG.warnf(e, "Checking the rules' dates failed; trying again within %s", config.dateCheckInterval());
        }
    }

    /** How many of a pass's use cases were decided again, and how many of those differently. */
    private record Tally(int redecided, int changed) {
        static final Tally NONE = new Tally(0, 0);

        Tally plus(Tally other) {
            return new Tally(redecided + other.redecided, changed + other.changed);
        }
    }

    /**
     * Decides the use cases again, a batch at a time on a few threads at once: most of a
     * re-decision's time goes to waiting for the database, which the others use meanwhile. The
     * order is shuffled, so that instances running the same pass seldom wait for the same use case.
     */
    private Tally redecideEach(List<UUID> ids, Cause cause) {
        List<UUID> shuffled = new ArrayList<>(ids);
        Collections.shuffle(shuffled);
        ConcurrentLinkedQueue<UUID> queue = new ConcurrentLinkedQueue<>(shuffled);
        int workers = Math.max(1, Math.min(config.reassessmentWorkers(), shuffled.size()));
        ExecutorService pool = Executors.newFixedThreadPool(workers, DaemonThreads.named("reassessment"));
        Tally tally = Tally.NONE;
        try {
            List<Future<Tally>> running = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                running.add(pool.submit(() -> {
                    Tally done = Tally.NONE;
                    for (List<UUID> batch = next(queue); !batch.isEmpty(); batch = next(queue)) {
                        done = done.plus(redecideBatch(batch, cause));
                    }
                    return done;
                }));
            }
            for (Future<Tally> worker : running) {
                tally = tally.plus(worker.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.errorf(e.getCause(), "A reassessment worker stopped");
        } finally {
            pool.shutdownNow();
        }
        return tally;
    }

    private List<UUID> next(ConcurrentLinkedQueue<UUID> queue) {
        List<UUID> batch = new ArrayList<>(config.reassessmentBatch());
        UUID id;
        while (batch.size() < config.reassessmentBatch() && (id = queue.poll()) != null) {
            batch.add(id);
        }
        return batch;
    }

    /**
     * Decides a batch of use cases again in one transaction; should it fail, each is tried alone,
     * so that one use case's failure leaves only that one for the next pass.
     */
    private Tally redecideBatch(List<UUID> batch, Cause cause) {
        try {
            return redecideTogether(batch, cause);
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                LOG.errorf(e, "Use case %s could not be decided again", batch.get(0));
                return Tally.NONE;
            }
            return batch.stream().map(id -> redecideBatch(List.of(id), cause)).reduce(Tally.NONE, Tally::plus);
        }
    }

    /**
     * Holds the use cases (in the order of their ids, so that passes on other instances never wait
     * for each other in a circle), decides again those not current yet, writes what changed, and
     * only then appends the batch's records to the audit chain, which is held for no longer than the
     * appends and the commit. The evaluations count once committed.
     */
    private Tally redecideTogether(List<UUID> batch, Cause cause) {
        List<AuditRecord> made = new ArrayList<>();
        Tally tally = QuarkusTransaction.requiringNew().call(() -> {
            List<AuditRecord> records = new ArrayList<>();
            Tally done = Tally.NONE;
            for (UUID id : batch.stream().sorted().toList()) {
                Proposal proposal = Proposal.findById(id, LockModeType.PESSIMISTIC_WRITE);
                if (proposal == null) {
                    continue;
                }
                Redecision redecision = redecide(proposal, cause, records);
                done = done.plus(new Tally(redecision == Redecision.CURRENT ? 0 : 1, redecision == Redecision.CHANGED ? 1 : 0));
            }
            Proposal.getEntityManager().flush();
            auditLog.appendAllInTransaction(records);
            records.stream().filter(record -> record.kind == AuditKind.EVALUATION).forEach(made::add);
            return done;
        });
        made.forEach(evaluations::recorded);
        return tally;
    }

    /** One use case's turn in working out upcoming changes; a failure is logged and leaves it for the next check. */
    private static <T> T attempt(UUID id, Supplier<T> work) {
        try {
            return QuarkusTransaction.requiringNew().call(work::get);
        } catch (RuntimeException e) {
            LOG.errorf(e, "The upcoming changes of use case %s could not be worked out", id);
            return null;
        }
    }

    /**
     * Decides the held use case again unless it is current already or neither open nor in use, and
     * adds the records of what follows to those of its batch, the evaluation first. An open proposal
     * whose approach or verdict changed is flagged for the board; a use case in use is reassessed:
     * every re-decision is a {@code REASSESSED} record naming the previous evaluation, and one that
     * changed what matters puts it under reassessment with the difference spelled out.
     */
    private Redecision redecide(Proposal proposal, Cause cause, List<AuditRecord> records) {
        if (!proposal.state.open() && !proposal.state.inUse()) {
            return Redecision.CURRENT;
        }
        AuditRecord previous = auditLog.findEvaluation(proposal.latestEvaluationId).orElseThrow();
        String reason;
        ProposalEvaluation.Reason linked;
        if (cause instanceof VersionServing serving) {
            if (previous.outcome.rulesetVersion().equals(serving.version())) {
                return Redecision.CURRENT;
            }
            reason = "ruleset " + previous.outcome.rulesetVersion() + " -> " + serving.version();
            linked = ProposalEvaluation.Reason.RULESET_CHANGED;
        } else {
            DatesReached dates = (DatesReached) cause;
            if (!proposal.decidedAsOf.isBefore(dates.latest())) {
                return Redecision.CURRENT;
            }
            EvaluationService.Projection projection = evaluations.project(previous, dates.today());
            if (!projection.rulesetVersion().equals(previous.outcome.rulesetVersion())) {
                // Decided on another version than the one serving: the pass of the version serving decides it again.
                return Redecision.CURRENT;
            }
            if (DecisionDifference.between(previous.outcome, projection.today()).isEmpty()) {
                proposal.decidedAsOf = dates.today();
                return Redecision.CURRENT;
            }
            reason = dates.describe(proposal.decidedAsOf);
            linked = ProposalEvaluation.Reason.DATE_REACHED;
        }
        AuditRecord evaluation = evaluations.unrecorded(previous.input, ProposalService.RE_EVALUATION);
        records.add(evaluation);
        proposal.latestEvaluationId = evaluation.id;
        proposal.decidedAsOf = EvaluationDate.dayOf(evaluation.evaluatedAt);
        proposal.riskRank = ProposalService.riskRank(evaluation);
        proposal.updatedAt = clock.now();
        proposals.link(proposal, evaluation, linked);
        upcoming.refresh(proposal, evaluation);
        records.addAll(controls.follow(InventoryUseCases.of(proposal), evaluation, ProposalService.RE_EVALUATION));
        if (proposal.state.open()) {
            List<String> changes = DecisionDifference.ofOutcome(previous.outcome, evaluation.outcome);
            if (!changes.isEmpty()) {
                proposal.flagged = true;
                proposal.flagReason = capitalized(reason) + " changed " + String.join(", ", changes) + " (evaluation " + previous.id + " -> "
                        + evaluation.id + ")";
                records.add(proposals.eventRecord(proposal, ProposalService.RE_EVALUATION, proposal.state, proposal.state,
                        "flagged for the board: " + proposal.flagReason));
                return Redecision.CHANGED;
            }
            return Redecision.UNCHANGED;
        }
        List<String> changes = DecisionDifference.between(previous.outcome, evaluation.outcome);
        records.add(reassessed(proposal, previous, evaluation, cause, reason, changes));
        if (!changes.isEmpty()) {
            proposal.flagged = true;
            proposal.flagReason = "Re-decided on " + reason + ": " + String.join("; ", changes);
            proposal.reassessedFrom = proposal.state;
            records.add(proposals.moved(proposal, ProposalState.UNDER_REASSESSMENT, ProposalService.RE_EVALUATION, proposal.flagReason));
            String why = cause instanceof VersionServing ? "new rules decide it differently" : "a date of the rules has come";
            notices.queue(ProposalService.notice(proposal, Notification.Notice.REASSESSMENT, "under reassessment: " + why, changes));
            if (evaluation.outcome.verdict() == Verdict.PROHIBITED) {
                notices.queue(ProposalService.notice(proposal, Notification.Notice.PROHIBITED,
                        cause instanceof VersionServing ? "evaluated PROHIBITED on new rules" : "evaluated PROHIBITED from " + reason, changes));
            }
            return Redecision.CHANGED;
        }
        return Redecision.UNCHANGED;
    }

    /**
     * The use case's upcoming changes worked out as of today; a use case in use with a change it did
     * not list before tells its owner and the board, and the audit chain records that they were told.
     */
    private boolean refreshUpcoming(UUID id, LocalDate today) {
        Proposal proposal = ProposalService.locked(id);
        if (!proposal.state.open() && !proposal.state.inUse() || today.equals(proposal.upcomingAsOf)) {
            return false;
        }
        AuditRecord latest = auditLog.findEvaluation(proposal.latestEvaluationId).orElseThrow();
        List<UpcomingChange> added = upcoming.refresh(proposal, latest);
        if (proposal.state.inUse()) {
            for (UpcomingChange change : added) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("useCase", proposal.id.toString());
                details.put("title", proposal.title);
                details.put("evaluation", latest.id.toString());
                details.put("date", change.date());
                details.put("thresholds", change.thresholds());
                details.put("changes", change.changes());
                auditLog.appendInTransaction(AuditRecord.ofEvent(AuditKind.INVENTORY_EVENT, clock.now(), ProposalService.RE_EVALUATION,
                        new AuditEvent(InventoryEvent.UPCOMING.name(), details)));
                notices.queue(ProposalService.notice(proposal, Notification.Notice.UPCOMING, "the rules decide it differently from "
                        + change.date(), change.changes()));
            }
        }
        return true;
    }

    /** The re-decision's own record: the use case, the previous and the new evaluation, why, and what changed. */
    private AuditRecord reassessed(Proposal proposal, AuditRecord previous, AuditRecord evaluation, Cause cause, String reason, List<String> changes) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("useCase", proposal.id.toString());
        details.put("title", proposal.title);
        details.put("previousEvaluation", previous.id.toString());
        details.put("evaluation", evaluation.id.toString());
        details.put("previousRulesetVersion", previous.outcome.rulesetVersion());
        details.put("rulesetVersion", evaluation.outcome.rulesetVersion());
        details.put("trigger", cause instanceof VersionServing ? "RULESET" : "DATE");
        details.put("reason", reason);
        details.put("outcome", changes.isEmpty() ? "UNCHANGED" : "CHANGED");
        details.put("changes", changes);
        return AuditRecord.ofEvent(AuditKind.INVENTORY_EVENT, clock.now(), ProposalService.RE_EVALUATION,
                new AuditEvent(InventoryEvent.REASSESSED.name(), details));
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
