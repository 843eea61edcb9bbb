package io.aigov.proposal.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;

import io.aigov.audit.AuditEvent;
import io.aigov.audit.AuditKind;
import io.aigov.audit.AuditLog;
import io.aigov.audit.AuditRecord;
import io.aigov.audit.BoardDecision;
import io.aigov.control.service.ControlService;
import io.aigov.decision.model.Approach;
import io.aigov.decision.model.EvaluationDate;
import io.aigov.decision.model.ExposureLevel;
import io.aigov.decision.model.UseCase;
import io.aigov.decision.model.Verdict;
import io.aigov.evaluation.service.EvaluationService;
import io.aigov.notification.Notification;
import io.aigov.notification.service.Notices;
import io.aigov.proposal.InventoryEvent;
import io.aigov.proposal.Proposal;
import io.aigov.proposal.ProposalComment;
import io.aigov.proposal.ProposalEvaluation;
import io.aigov.proposal.ProposalEvent;
import io.aigov.proposal.ProposalState;
import io.aigov.proposal.config.ProposalsConfig;
import io.aigov.evaluation.service.DecisionClock;

/**
 * The board's side of the work: proposals are evaluated when submitted and again when the rules
 * change; the board decides them, and every decision enters the audit chain next to the
 * evaluation it was taken on. Whoever submitted a proposal never decides it.
 */
@ApplicationScoped
public class ProposalService {

    /** The longest comment kept, as its column holds it. */
    public static final int MAX_COMMENT = 4000;
    private static final List<ProposalState> WAITING_FOR_THE_BOARD = List.of(ProposalState.SUBMITTED, ProposalState.UNDER_REVIEW,
            ProposalState.UNDER_REASSESSMENT);

    /** Who the audit names for evaluations and decisions the service makes by itself. */
    public static final String RE_EVALUATION = "system:re-evaluation";
    public static final String AUTO_APPROVAL = "system:auto-approval";

    /** A board decision as asked for; validated here against the proposal it is about. */
    public record DecisionRequest(BoardDecision.Outcome outcome, String rationale, List<String> conditions, Approach overrideApproach,
            String overrideReason, UUID evaluationId) {
    }

    private final EvaluationService evaluations;
    private final AuditLog auditLog;
    private final Notices notices;
    private final ProposalsConfig config;
    private final UpcomingChanges upcoming;
    private final DecisionClock clock;
    private final ControlService controls;

    public ProposalService(EvaluationService evaluations, AuditLog auditLog, Notices notices, ProposalsConfig config, UpcomingChanges upcoming,
            DecisionClock clock, ControlService controls) {
        this.controls = controls;
        this.evaluations = evaluations;
        this.auditLog = auditLog;
        this.notices = notices;
        this.config = config;
        this.upcoming = upcoming;
        this.clock = clock;
    }

    /** Registers and evaluates a proposal; approves it at once when configured to and the verdict is ALLOWED. */
    public Proposal submit(UseCase useCase, String owner, String businessJustification, String submitter) {
        AuditRecord evaluation = evaluations.evaluate(useCase, submitter);
        Proposal proposal = QuarkusTransaction.requiringNew().call(() -> {
            Proposal created = new Proposal();
            created.id = UUID.randomUUID();
            created.title = useCase.name();
            created.owner = owner;
            created.businessJustification = businessJustification;
            created.submittedBy = submitter;
            created.submittedAt = now();
            created.state = ProposalState.SUBMITTED;
            created.latestEvaluationId = evaluation.id;
            created.riskRank = riskRank(evaluation);
            created.updatedAt = created.submittedAt;
            created.decidedAsOf = EvaluationDate.dayOf(evaluation.evaluatedAt);
            upcoming.refresh(created, evaluation);
            created.persist();
            link(created, evaluation, ProposalEvaluation.Reason.SUBMITTED);
            event(created, submitter, null, ProposalState.SUBMITTED, "evaluated: " + summary(evaluation));
            auditLog.appendAllInTransaction(controls.follow(InventoryUseCases.of(created), evaluation, submitter));
            if (evaluation.outcome.verdict() == Verdict.PROHIBITED) {
                notices.queue(notice(created, Notification.Notice.PROHIBITED, "evaluated PROHIBITED at submission",
                        List.of("Evaluation " + evaluation.id + ": " + summary(evaluation))));
            }
            return created;
        });
        if (config.autoApproveAllowed() && evaluation.outcome.verdict() == Verdict.ALLOWED) {
            return decideInTransaction(proposal.id, new DecisionRequest(BoardDecision.Outcome.APPROVED,
                    "Verdict ALLOWED and auto-approval of ALLOWED proposals is configured (aigov.proposals.auto-approve-allowed)",
                    List.of(), null, null, evaluation.id), AUTO_APPROVAL, true);
        }
        return proposal;
    }

    @Transactional
    public Proposal startReview(UUID id, String actor) {
        Proposal proposal = locked(id);
        requireNotSubmitter(proposal, actor, "review");
        requireTransition(proposal, ProposalState.UNDER_REVIEW);
        move(proposal, ProposalState.UNDER_REVIEW, actor, null);
        return proposal;
    }

    @Transactional
    public Proposal withdraw(UUID id, String actor, String reason) {
        Proposal proposal = locked(id);
        if (!proposal.submittedBy.equals(actor)) {
            throw ProposalRefusedException.notAllowed("Only " + proposal.submittedBy + ", who submitted the proposal, may withdraw it");
        }
        requireTransition(proposal, ProposalState.WITHDRAWN);
        move(proposal, ProposalState.WITHDRAWN, actor, reason);
        return proposal;
    }

    /** The owner declares an approved use case in production. */
    @Transactional
    public Proposal declareInProduction(UUID id, String actor, String note) {
        return ownersMove(id, actor, ProposalState.IN_PRODUCTION, "declare it in production", note);
    }

    /** The owner retires an approved or in-production use case: it is no longer decided again. */
    @Transactional
    public Proposal retire(UUID id, String actor, String reason) {
        return ownersMove(id, actor, ProposalState.RETIRED, "retire it", reason);
    }

    private Proposal ownersMove(UUID id, String actor, ProposalState target, String what, String note) {
        Proposal proposal = locked(id);
        if (!proposal.submittedBy.equals(actor)) {
            throw ProposalRefusedException.notAllowed("Only " + proposal.submittedBy + ", who owns the use case, may " + what);
        }
        requireTransition(proposal, target);
        move(proposal, target, actor, note);
        return proposal;
    }

    /** A board member's decision: recorded in the audit chain first, then the proposal moves. */
    public Proposal decide(UUID id, DecisionRequest request, String actor) {
        return decideInTransaction(id, request, actor, false);
    }

    private Proposal decideInTransaction(UUID id, DecisionRequest request, String actor, boolean automatic) {
        return QuarkusTransaction.requiringNew().call(() -> {
            // The row lock makes concurrent decisions on one proposal take turns: the second finds it decided.
            Proposal proposal = locked(id);
            ProposalState target = switch (request.outcome()) {
                case APPROVED -> ProposalState.APPROVED;
                case APPROVED_WITH_CONDITIONS -> ProposalState.APPROVED_WITH_CONDITIONS;
                case REJECTED -> ProposalState.REJECTED;
            };
            // Approved again, a use case that was in production before its reassessment stays in production.
            if (proposal.state == ProposalState.UNDER_REASSESSMENT && target != ProposalState.REJECTED
                    && proposal.reassessedFrom == ProposalState.IN_PRODUCTION) {
                target = ProposalState.IN_PRODUCTION;
            }
            if (automatic) {
                // Auto-approval comes straight after submission, before anyone could have acted.
                if (proposal.state != ProposalState.SUBMITTED) {
                    return proposal;
                }
            } else {
                requireNotSubmitter(proposal, actor, "decide");
                requireTransition(proposal, target);
            }
            AuditRecord evaluation = auditLog.findEvaluation(proposal.latestEvaluationId).orElseThrow();
            if (request.evaluationId() != null && !request.evaluationId().equals(evaluation.id)) {
                throw conflict(proposal, "The proposal has been re-evaluated since: decide on evaluation " + evaluation.id);
            }
            if (target != ProposalState.REJECTED && evaluation.outcome.verdict() == Verdict.PROHIBITED) {
                throw ProposalRefusedException.conflict("The evaluation's verdict is PROHIBITED: the proposal can only be rejected",
                        Map.of("allowedDecisions", List.of(BoardDecision.Outcome.REJECTED)));
            }
            validate(request, evaluation);
            AuditRecord decision = decisionRecord(proposal, evaluation, request, actor);
            auditLog.append(decision);
            proposal.decisionId = decision.id;
            proposal.flagged = false;
            proposal.flagReason = null;
            proposal.reassessedFrom = null;
            move(proposal, target, actor, request.rationale());
            List<String> details = new ArrayList<>();
            details.add("Decided by " + actor + " on evaluation " + evaluation.id + ": " + summary(evaluation));
            details.add("Rationale: " + request.rationale());
            request.conditions().forEach(condition -> details.add("Condition: " + condition));
            proposal.upcoming.forEach(change -> details.add("From " + change.date() + " the rules decide it differently: "
                    + String.join("; ", change.changes())));
            notices.queue(notice(proposal, Notification.Notice.DECISION,
                    automatic ? "approved automatically" : "the board decided " + request.outcome(), details));
            return proposal;
        });
    }

    public Optional<Proposal> find(UUID id) {
        return Proposal.findByIdOptional(id);
    }

    public List<Proposal> list(ProposalState state, String owner, int page, int size) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        if (state != null) {
            query.append(" and state = :state");
            parameters.and("state", state);
        }
        if (owner != null) {
            query.append(" and owner = :owner");
            parameters.and("owner", owner);
        }
        return Proposal.<Proposal>find(query.toString(), Sort.descending("submittedAt", "id"), parameters)
                .page(Page.of(page, size)).list();
    }

    /**
     * What the inventory lists: use cases in a state, of an owner, exposed under a regime (at a
     * level), the latest change first. The regime and level are those of the latest evaluation.
     *
     * @param reassessmentDue    only those waiting for the board because new rules or a date decide them differently
     * @param upcomingWithinDays only those with an upcoming change within this many days of today; null: any
     */
    public record InventoryFilter(ProposalState state, String owner, String regime, ExposureLevel level, boolean reassessmentDue,
            Integer upcomingWithinDays) {
    }

    @SuppressWarnings("unchecked")
    public List<Proposal> inventory(InventoryFilter filter, int page, int size) {
        StringBuilder sql = new StringBuilder("select p.* from proposal p where true");
        Map<String, Object> parameters = new LinkedHashMap<>();
        if (filter.state() != null) {
            sql.append(" and p.state = :state");
            parameters.put("state", filter.state().name());
        }
        if (filter.owner() != null) {
            sql.append(" and p.owner = :owner");
            parameters.put("owner", filter.owner());
        }
        if (filter.reassessmentDue()) {
            sql.append(" and (p.state = 'UNDER_REASSESSMENT' or p.flagged and p.state in ('SUBMITTED', 'UNDER_REVIEW'))");
        }
        if (filter.upcomingWithinDays() != null) {
            sql.append(" and exists (select 1 from jsonb_array_elements(p.upcoming) u where (u ->> 'date')::date <= :until)");
            parameters.put("until", clock.today().plusDays(filter.upcomingWithinDays()));
        }
        if (filter.regime() != null || filter.level() != null) {
            sql.append(" and exists (select 1 from audit_log a, jsonb_array_elements(a.exposures) e where a.id = p.latest_evaluation_id");
            if (filter.regime() != null) {
                sql.append(" and e ->> 'regime' = :regime");
                parameters.put("regime", filter.regime());
            }
            if (filter.level() != null) {
                sql.append(" and e ->> 'level' = :level");
                parameters.put("level", filter.level().name());
            }
            sql.append(")");
        }
        sql.append(" order by p.updated_at desc, p.id limit :size offset :offset");
        var query = Proposal.getEntityManager().createNativeQuery(sql.toString(), Proposal.class);
        parameters.forEach(query::setParameter);
        query.setParameter("size", size);
        query.setParameter("offset", (long) page * size);
        return query.getResultList();
    }

    /** How many use cases the inventory holds in each state; states it holds none in are left out. */
    public Map<ProposalState, Long> countsByState() {
        Map<ProposalState, Long> counts = new EnumMap<>(ProposalState.class);
        for (Object[] row : Proposal.getEntityManager().createQuery("select p.state, count(p) from Proposal p group by p.state", Object[].class)
                .getResultList()) {
            counts.put((ProposalState) row[0], (Long) row[1]);
        }
        return counts;
    }

    /** The proposals one user submitted, newest first. */
    public List<Proposal> submittedBy(String submitter, int limit) {
        return Proposal.<Proposal>find("submittedBy", Sort.descending("submittedAt", "id"), submitter).page(Page.ofSize(limit)).list();
    }

    /**
     * What waits for the board: open proposals and use cases under reassessment, the riskiest first
     * (prohibited, then high exposure, then board review), oldest first within each.
     */
    public List<Proposal> queue(int limit) {
        return Proposal.<Proposal>find("state in ?1", Sort.ascending("riskRank", "submittedAt", "id"), WAITING_FOR_THE_BOARD)
                .page(Page.ofSize(limit)).list();
    }

    /** How many proposals wait for the board. */
    public long queueCount() {
        return Proposal.count("state in ?1", WAITING_FOR_THE_BOARD);
    }

    /** The proposal an evaluation was made for, if it was made for one. */
    public Optional<Proposal> ofEvaluation(UUID evaluationId) {
        return ProposalEvaluation.<ProposalEvaluation>find("evaluationId", evaluationId).firstResultOptional()
                .flatMap(link -> find(link.proposalId));
    }

    public List<ProposalEvaluation> evaluationsOf(UUID id) {
        return ProposalEvaluation.list("proposalId", Sort.ascending("at"), id);
    }

    /** Adds a comment to a proposal, in any state: the board's questions, the submitter's answers, compliance's concerns. */
    @Transactional
    public ProposalComment comment(UUID id, String author, String text) {
        if (text == null || text.isBlank()) {
            throw ProposalRefusedException.invalid("A comment needs its text", Map.of("text", "is required and must not be blank"));
        }
        if (text.strip().length() > MAX_COMMENT) {
            throw ProposalRefusedException.invalid("The comment is too long", Map.of("text", "must be at most " + MAX_COMMENT + " characters"));
        }
        Proposal proposal = find(id).orElseThrow(() -> ProposalRefusedException.notFound("No proposal with id " + id));
        ProposalComment comment = new ProposalComment();
        comment.id = UUID.randomUUID();
        comment.proposalId = proposal.id;
        comment.at = now();
        comment.author = author;
        comment.text = text.strip();
        comment.persist();
        return comment;
    }

    /** A proposal's comments, oldest first. */
    public List<ProposalComment> commentsOf(UUID id) {
        return ProposalComment.list("proposalId", Sort.ascending("at", "id"), id);
    }

    public List<ProposalEvent> eventsOf(UUID id) {
        return ProposalEvent.list("proposalId", Sort.ascending("at"), id);
    }

    private static void validate(DecisionRequest request, AuditRecord evaluation) {
        Map<String, String> invalid = new LinkedHashMap<>();
        boolean withConditions = request.outcome() == BoardDecision.Outcome.APPROVED_WITH_CONDITIONS;
        if (withConditions && request.conditions().isEmpty()) {
            invalid.put("conditions", "must list at least one condition for APPROVED_WITH_CONDITIONS");
        }
        if (!withConditions && !request.conditions().isEmpty()) {
            invalid.put("conditions", "are only for APPROVED_WITH_CONDITIONS");
        }
        if (request.overrideApproach() != null) {
            if (request.overrideApproach() == evaluation.outcome.approach()) {
                invalid.put("override.approach", "is the recommended approach " + evaluation.outcome.approach() + "; an override must choose another");
            }
            if (request.overrideReason() == null || request.overrideReason().isBlank()) {
                invalid.put("override.reason", "is required when the board overrides the recommended approach");
            }
            if (request.outcome() == BoardDecision.Outcome.REJECTED) {
                invalid.put("override", "does not apply to a rejection");
            }
        }
        if (!invalid.isEmpty()) {
            throw ProposalRefusedException.invalid("The decision has " + invalid.size() + " invalid field" + (invalid.size() == 1 ? "" : "s"),
                    invalid);
        }
    }

    static Notices.UseCaseNotice notice(Proposal proposal, Notification.Notice kind, String summary, List<String> details) {
        return new Notices.UseCaseNotice(kind, proposal.id, proposal.title, proposal.state.name(), proposal.submittedBy, summary, details);
    }

    private AuditRecord decisionRecord(Proposal proposal, AuditRecord evaluation, DecisionRequest request, String actor) {
        BoardDecision decision = new BoardDecision(proposal.id, evaluation.id, request.outcome(), request.rationale(),
                List.copyOf(request.conditions()), evaluation.outcome.approach(),
                request.overrideApproach() == null ? null : new BoardDecision.Override(request.overrideApproach(), request.overrideReason()));
        return AuditRecord.ofBoardDecision(evaluation, decision, now(), actor);
    }

    static Proposal locked(UUID id) {
        Proposal proposal = Proposal.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (proposal == null) {
            throw ProposalRefusedException.notFound("No proposal with id " + id);
        }
        return proposal;
    }

    private static void requireNotSubmitter(Proposal proposal, String actor, String what) {
        if (proposal.submittedBy.equals(actor)) {
            throw ProposalRefusedException.notAllowed("Segregation of duties: " + actor + " submitted this proposal and may not " + what + " it");
        }
    }

    private static void requireTransition(Proposal proposal, ProposalState target) {
        if (!proposal.state.next().contains(target)) {
            throw conflict(proposal, "A proposal in state " + proposal.state + " cannot move to " + target);
        }
    }

    private static ProposalRefusedException conflict(Proposal proposal, String detail) {
        Map<String, Object> particulars = new LinkedHashMap<>();
        particulars.put("state", proposal.state);
        particulars.put("allowedTransitions", proposal.state.next());
        return ProposalRefusedException.conflict(detail, particulars);
    }

    /** Moves the use case; one that leaves the inventory (rejected, withdrawn, retired) has its controls closed. */
    void move(Proposal proposal, ProposalState target, String actor, String note) {
        auditLog.appendInTransaction(moved(proposal, target, actor, note));
        if (target.next().isEmpty()) {
            auditLog.appendAllInTransaction(controls.closeAll(proposal.id, actor, "the use case is " + target));
        }
    }

    /** As {@link #move}, the audit record returned for the caller to append in its transaction. */
    AuditRecord moved(Proposal proposal, ProposalState target, String actor, String note) {
        ProposalState from = proposal.state;
        proposal.state = target;
        proposal.updatedAt = now();
        return eventRecord(proposal, actor, from, target, note);
    }

    void link(Proposal proposal, AuditRecord evaluation, ProposalEvaluation.Reason reason) {
        ProposalEvaluation link = new ProposalEvaluation();
        link.proposalId = proposal.id;
        link.evaluationId = evaluation.id;
        link.at = now();
        link.reason = reason;
        link.persist();
    }

    /** A change of the use case's state (or its flag), in its history and as a record of the audit chain. */
    void event(Proposal proposal, String actor, ProposalState from, ProposalState to, String note) {
        auditLog.appendInTransaction(eventRecord(proposal, actor, from, to, note));
    }

    /** As {@link #event}, the audit record returned for the caller to append in its transaction. */
    AuditRecord eventRecord(Proposal proposal, String actor, ProposalState from, ProposalState to, String note) {
        ProposalEvent event = new ProposalEvent();
        event.id = UUID.randomUUID();
        event.proposalId = proposal.id;
        event.at = now();
        event.actor = actor;
        event.fromState = from;
        event.toState = to;
        event.note = note == null ? null : note.length() > 2000 ? note.substring(0, 2000) : note;
        event.persist();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("useCase", proposal.id.toString());
        details.put("title", proposal.title);
        details.put("from", from == null ? null : from.name());
        details.put("to", to.name());
        details.put("evaluation", proposal.latestEvaluationId.toString());
        details.put("note", event.note);
        InventoryEvent type = from == null ? InventoryEvent.REGISTERED : from == to ? InventoryEvent.FLAGGED : InventoryEvent.STATE_CHANGED;
        return AuditRecord.ofEvent(AuditKind.INVENTORY_EVENT, event.at, actor, new AuditEvent(type.name(), details));
    }

    static short riskRank(AuditRecord evaluation) {
        if (evaluation.outcome.verdict() == Verdict.PROHIBITED
                || evaluation.outcome.exposures().stream().anyMatch(e -> e.level() == ExposureLevel.PROHIBITED)) {
            return 0;
        }
        if (evaluation.outcome.exposures().stream().anyMatch(e -> e.level() == ExposureLevel.HIGH)) {
            return 1;
        }
        return (short) (evaluation.outcome.verdict() == Verdict.BOARD_REVIEW ? 2 : 3);
    }

    private static String summary(AuditRecord evaluation) {
        return Objects.toString(evaluation.outcome.approach()) + ", " + evaluation.outcome.verdict() + " on ruleset "
                + evaluation.outcome.rulesetVersion();
    }

    private Instant now() {
        return clock.now();
    }
}
