package io.aigov.control.service;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;

import io.aigov.access.UserAccount;
import io.aigov.audit.AuditEvent;
import io.aigov.audit.AuditKind;
import io.aigov.audit.AuditLog;
import io.aigov.audit.AuditRecord;
import io.aigov.control.Control;
import io.aigov.control.ControlEvent;
import io.aigov.control.ControlEvidence;
import io.aigov.control.ControlStatus;
import io.aigov.control.config.ControlsConfig;
import io.aigov.decision.model.Declarations;
import io.aigov.decision.model.Declarations.DeclaredObligation;
import io.aigov.decision.model.Declarations.EvidenceKind;
import io.aigov.decision.model.Exposure;
import io.aigov.evaluation.service.DecisionClock;
import io.aigov.evaluation.service.EvaluationService;
import io.aigov.notification.Notification;
import io.aigov.notification.service.Notices;
import io.aigov.shared.ControlCharacters;

/**
 * The controls of the inventory's use cases: one for each obligation of a use case's current
 * decision, followed as the decision changes. Its owner shows evidence and attests; compliance,
 * never the attester, accepts it or sends it back. Every change is a record of the audit chain,
 * written in the transaction of the change, and an evidence file's SHA-256 is in its record.
 */
@ApplicationScoped
public class ControlService {

    /** Who the audit names for what the deadline check does. */
    public static final String DEADLINES = "system:control-deadlines";

    private static final Logger LOG = Logger.getLogger(ControlService.class);
    private static final String ATTESTATION_PREFIX = "I attest that ";
    private static final int MAX_TEXT = 2000;
    private static final int MAX_STATEMENT = 3900;

    private final AuditLog auditLog;
    private final EvaluationService evaluations;
    private final Notices notices;
    private final DecisionClock clock;
    private final ControlsConfig config;
    private final EvidenceFiles files;
    private final UseCases useCases;

    public ControlService(AuditLog auditLog, EvaluationService evaluations, Notices notices, DecisionClock clock, ControlsConfig config,
            EvidenceFiles files, UseCases useCases) {
        this.useCases = useCases;
        this.auditLog = auditLog;
        this.evaluations = evaluations;
        this.notices = notices;
        this.clock = clock;
        this.config = config;
        this.files = files;
    }

    /**
     * Follows the use case's new decision: opens a control for each obligation it names that has
     * none, owned by whoever owns the use case, and closes those of obligations it no longer names.
     * Runs in the caller's transaction; the audit records are returned for the caller to append there.
     */
    public List<AuditRecord> follow(UseCases.UseCase useCase, AuditRecord evaluation, String actor) {
        Set<String> named = new LinkedHashSet<>();
        for (Exposure exposure : evaluation.outcome.exposures()) {
            named.addAll(exposure.obligationIds());
        }
        Map<String, Control> live = new LinkedHashMap<>();
        for (Control control : Control.<Control>list("useCaseId = ?1 and closedAt is null", useCase.id())) {
            live.put(control.obligationId, control);
        }
        List<AuditRecord> records = new ArrayList<>();
        Declarations declarations = named.stream().anyMatch(id -> !live.containsKey(id)) ? evaluations.declarationsOf(evaluation) : null;
        for (String obligationId : named) {
            if (live.containsKey(obligationId)) {
                continue;
            }
            Optional<DeclaredObligation> declared = declarations.obligation(obligationId);
            if (declared.isEmpty()) {
                // The version that named it declares it (the safety check and Assessment.oblige see to that): a damaged store.
                LOG.errorf("Evaluation %s names obligation %s, which its version %s does not declare; no control opened", evaluation.id,
                        obligationId, evaluation.outcome.rulesetVersion());
                continue;
            }
            records.add(open(useCase, evaluation, declared.get(), actor));
        }
        for (Control control : live.values()) {
            if (!named.contains(control.obligationId)) {
                records.add(close(control, actor, "evaluation " + evaluation.id + " on ruleset " + evaluation.outcome.rulesetVersion()
                        + " no longer names the obligation"));
            }
        }
        return records;
    }

    /** Closes every live control of a use case that left the inventory (rejected, withdrawn, retired); the records are returned. */
    public List<AuditRecord> closeAll(UUID useCaseId, String actor, String reason) {
        return Control.<Control>list("useCaseId = ?1 and closedAt is null", useCaseId).stream().map(control -> close(control, actor, reason))
                .toList();
    }

    private AuditRecord open(UseCases.UseCase useCase, AuditRecord evaluation, DeclaredObligation obligation, String actor) {
        LocalDate today = clock.today();
        Control control = new Control();
        control.id = UUID.randomUUID();
        control.useCaseId = useCase.id();
        control.obligationId = obligation.id();
        control.regime = obligation.regime();
        control.title = obligation.title();
        control.citation = obligation.citation();
        control.evidenceKinds = obligation.evidence().stream().sorted().toList();
        control.recurrenceMonths = obligation.recurrenceMonths();
        control.appliesFrom = obligation.appliesFromDate();
        control.owner = useCase.submittedBy();
        LocalDate firstDue = today.plusDays(config.firstDueDays());
        control.dueOn = control.appliesFrom != null && control.appliesFrom.isAfter(firstDue) ? control.appliesFrom : firstDue;
        control.status = ControlStatus.OPEN;
        control.openedAt = clock.now();
        control.openedByEvaluation = evaluation.id;
        control.updatedAt = control.openedAt;
        control.persist();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("evaluation", evaluation.id.toString());
        details.put("rulesetVersion", evaluation.outcome.rulesetVersion());
        details.put("title", control.title);
        details.put("citation", control.citation);
        details.put("owner", control.owner);
        details.put("dueOn", control.dueOn.toString());
        details.put("recurrenceMonths", control.recurrenceMonths);
        details.put("evidence", control.evidenceKinds.stream().map(Enum::name).toList());
        return record(control, ControlEvent.OPENED, actor, null, details);
    }

    private AuditRecord close(Control control, String actor, String reason) {
        ControlStatus from = control.status;
        control.status = ControlStatus.CLOSED;
        control.closedAt = clock.now();
        control.closedReason = reason;
        control.updatedAt = control.closedAt;
        return record(control, ControlEvent.CLOSED, actor, from, Map.of("reason", reason));
    }

    /** Compliance gives the control to another account, which shows its evidence and attests from now on. */
    @Transactional
    public Control assignOwner(UUID id, String owner, String actor) {
        Control control = live(id);
        if (owner == null || owner.isBlank()) {
            throw ControlRefusedException.invalid("owner", "is required");
        }
        if (UserAccount.findById(owner) == null) {
            throw ControlRefusedException.invalid("owner", "is no account of this service");
        }
        if (control.status == ControlStatus.ATTESTED) {
            throw ControlRefusedException.conflict("The control is attested by " + control.attestedBy
                    + " and waits for review: accept it or send it back before giving it to another owner");
        }
        String previous = control.owner;
        control.owner = owner;
        touch(control);
        append(record(control, ControlEvent.OWNER_ASSIGNED, actor, control.status, Map.of("previousOwner", previous, "owner", owner)));
        return control;
    }

    /**
     * The owner adds a file as evidence of the control's current cycle: kept in the database with its
     * SHA-256, which its audit record carries, so that the chain vouches for the very bytes.
     */
    @Transactional
    public ControlEvidence addFile(UUID id, ControlEvidence.Kind kind, String name, InputStream content, String note, String actor)
            throws IOException {
        if (kind == null || kind == ControlEvidence.Kind.LINK) {
            throw ControlRefusedException.invalid("kind", "must be DOCUMENT or TEST_RESULT for a file; a link is added as a link");
        }
        Control control = ownersTurn(id, actor, "add evidence to");
        EvidenceFiles.Checked checked = files.check(name, content);
        ControlEvidence evidence = evidence(control, kind, checked.name(), note(note), actor);
        evidence.contentType = checked.contentType();
        evidence.size = (long) checked.content().length;
        evidence.sha256 = checked.sha256();
        evidence.content = checked.content();
        return added(control, evidence, actor);
    }

    /** The owner adds a link as evidence, with the day they retrieved what it shows (today when not given). */
    @Transactional
    public ControlEvidence addLink(UUID id, String url, LocalDate retrievedOn, String note, String actor) {
        URI link = link(url);
        LocalDate retrieved = retrievedOn == null ? clock.today() : retrievedOn;
        if (retrieved.isAfter(clock.today())) {
            throw ControlRefusedException.invalid("retrievedOn", "is after today");
        }
        Control control = ownersTurn(id, actor, "add evidence to");
        String shown = link.getHost() + (link.getRawPath() == null ? "" : link.getRawPath());
        ControlEvidence evidence = evidence(control, ControlEvidence.Kind.LINK, shown.length() > 255 ? shown.substring(0, 255) : shown,
                note(note), actor);
        evidence.url = link.toString();
        evidence.retrievedOn = retrieved;
        return added(control, evidence, actor);
    }

    private static ControlEvidence evidence(Control control, ControlEvidence.Kind kind, String name, String note, String actor) {
        ControlEvidence evidence = new ControlEvidence();
        evidence.id = UUID.randomUUID();
        evidence.controlId = control.id;
        evidence.cycle = control.cycle;
        evidence.kind = kind;
        evidence.name = name;
        evidence.note = note;
        evidence.addedBy = actor;
        return evidence;
    }

    private ControlEvidence added(Control control, ControlEvidence evidence, String actor) {
        evidence.addedAt = clock.now();
        evidence.persist();
        ControlStatus from = control.status;
        control.status = progress(control);
        touch(control);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("evidence", evidence.id.toString());
        details.put("kind", evidence.kind.name());
        details.put("name", evidence.name);
        if (evidence.url != null) {
            details.put("url", evidence.url);
            details.put("retrievedOn", evidence.retrievedOn.toString());
        } else {
            details.put("contentType", evidence.contentType);
            details.put("size", evidence.size);
            details.put("sha256", evidence.sha256);
        }
        details.put("note", evidence.note);
        append(record(control, ControlEvent.EVIDENCE_ADDED, actor, from, details));
        return evidence;
    }

    /**
     * The owner attests, once every kind of evidence the obligation asks for is there: "I attest
     * that" and their statement is the text they sign, kept in the control and in its record.
     */
    @Transactional
    public Control attest(UUID id, String statement, String actor) {
        String text = statement == null ? "" : statement.strip();
        if (text.regionMatches(true, 0, ATTESTATION_PREFIX, 0, ATTESTATION_PREFIX.length())) {
            text = text.substring(ATTESTATION_PREFIX.length()).strip();
        }
        if (text.isEmpty()) {
            throw ControlRefusedException.invalid("statement", "is required: what you attest, after \"I attest that\"");
        }
        if (text.length() > MAX_STATEMENT) {
            throw ControlRefusedException.invalid("statement", "must be at most " + MAX_STATEMENT + " characters");
        }
        ControlCharacters.problemIn(text).ifPresent(problem -> {
            throw ControlRefusedException.invalid("statement", problem);
        });
        Control control = ownersTurn(id, actor, "attest");
        Set<EvidenceKind> missing = missingEvidence(control);
        if (!missing.isEmpty()) {
            throw ControlRefusedException.conflict("The obligation asks for evidence of each kind " + control.evidenceKinds
                    + " before it is attested; missing: " + missing);
        }
        ControlStatus from = control.status;
        control.attestation = ATTESTATION_PREFIX + text;
        control.attestedBy = actor;
        control.attestedAt = clock.now();
        control.status = ControlStatus.ATTESTED;
        touch(control);
        append(record(control, ControlEvent.ATTESTED, actor, from, Map.of("attestation", control.attestation)));
        notices.queue(notice(control, Notification.Notice.CONTROL_ATTESTED, null, "attested by " + actor + ", for review",
                List.of(control.attestation)));
        return control;
    }

    /** Compliance accepts an attested control; whoever attested it may not (four eyes). A recurring one is due again a period later. */
    @Transactional
    public Control accept(UUID id, String note, String actor) {
        Control control = live(id);
        requireAttested(control, "accepted");
        requireSecondPerson(control, actor, "accept");
        ControlStatus from = control.status;
        control.status = ControlStatus.ACCEPTED;
        control.reviewedBy = actor;
        control.reviewedAt = clock.now();
        control.reviewNote = note(note);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("note", control.reviewNote);
        if (control.recurrenceMonths != null) {
            control.dueOn = clock.today().plusMonths(control.recurrenceMonths);
            details.put("nextDueOn", control.dueOn.toString());
        }
        touch(control);
        append(record(control, ControlEvent.ACCEPTED, actor, from, details));
        return control;
    }

    /** Compliance sends an attested control back to its owner, with the reason; the attestation stays in the chain. */
    @Transactional
    public Control returnToOwner(UUID id, String reason, String actor) {
        String why = required("reason", reason);
        Control control = live(id);
        requireAttested(control, "sent back");
        requireSecondPerson(control, actor, "send back");
        ControlStatus from = control.status;
        clearAttestation(control);
        control.reviewedBy = actor;
        control.reviewedAt = clock.now();
        control.reviewNote = why;
        control.status = progress(control);
        if (control.status == ControlStatus.EVIDENCED) {
            // Sent back for more work: not ready to attest again on the same evidence until the owner adds to it.
            control.status = ControlStatus.IN_PROGRESS;
        }
        touch(control);
        append(record(control, ControlEvent.RETURNED, actor, from, Map.of("reason", why)));
        return control;
    }

    /** Compliance finds the obligation does not apply to this use case, with the reason; its owner may not decide that alone. */
    @Transactional
    public Control notApplicable(UUID id, String reason, String actor) {
        String why = required("reason", reason);
        Control control = live(id);
        if (control.status == ControlStatus.NOT_APPLICABLE) {
            throw ControlRefusedException.conflict("The control is already not applicable: " + control.notApplicableReason);
        }
        if (control.owner.equals(actor)) {
            throw ControlRefusedException.notAllowed("Segregation of duties: " + actor + " owns this control and may not find it not applicable");
        }
        ControlStatus from = control.status;
        control.status = ControlStatus.NOT_APPLICABLE;
        control.notApplicableReason = why;
        control.reviewedBy = actor;
        control.reviewedAt = clock.now();
        touch(control);
        append(record(control, ControlEvent.NOT_APPLICABLE, actor, from, Map.of("reason", why)));
        return control;
    }

    /**
     * Looks at one control's due date as of today: a recurring control accepted for its cycle starts
     * the next cycle a reminder's time before its due date; one whose owner still has to show
     * something is reminded once before its due date and becomes overdue after it. Each step is a
     * record of the chain and a notice; a control already stepped is left as it is, so instances
     * running the same check step it once.
     *
     * @return whether anything changed
     */
    @Transactional
    public boolean checkDeadline(UUID id) {
        Control control = Control.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (control == null || control.status == ControlStatus.CLOSED || control.status == ControlStatus.NOT_APPLICABLE) {
            return false;
        }
        LocalDate today = clock.today();
        LocalDate remindFrom = control.dueOn.minusDays(config.reminderDays());
        boolean changed = false;
        if (control.status == ControlStatus.ACCEPTED && control.recurrenceMonths != null && !today.isBefore(remindFrom)) {
            ControlStatus from = control.status;
            control.cycle++;
            clearAttestation(control);
            control.reviewedBy = null;
            control.reviewedAt = null;
            control.reviewNote = null;
            control.status = ControlStatus.OPEN;
            control.remindedFor = control.dueOn;
            touch(control);
            append(record(control, ControlEvent.CYCLE_STARTED, DEADLINES, from, Map.of("dueOn", control.dueOn.toString())));
            notices.queue(notice(control, Notification.Notice.CONTROL_DUE, control.owner, "due again on " + control.dueOn,
                    List.of(control.obligationId + ": " + control.title, "Every " + control.recurrenceMonths + " months; cycle " + control.cycle)));
            changed = true;
        }
        if (!control.status.awaitsOwner() || control.status == ControlStatus.OVERDUE) {
            return changed;
        }
        if (today.isAfter(control.dueOn)) {
            ControlStatus from = control.status;
            control.status = ControlStatus.OVERDUE;
            touch(control);
            append(record(control, ControlEvent.OVERDUE, DEADLINES, from, Map.of("dueOn", control.dueOn.toString())));
            notices.queue(notice(control, Notification.Notice.CONTROL_OVERDUE, control.owner, "overdue since " + control.dueOn,
                    List.of(control.obligationId + ": " + control.title, "Owner: " + control.owner)));
            return true;
        }
        if (!today.isBefore(remindFrom) && !control.dueOn.equals(control.remindedFor)) {
            control.remindedFor = control.dueOn;
            touch(control);
            append(record(control, ControlEvent.REMINDED, DEADLINES, control.status, Map.of("dueOn", control.dueOn.toString())));
            notices.queue(notice(control, Notification.Notice.CONTROL_DUE, control.owner, "due on " + control.dueOn,
                    List.of(control.obligationId + ": " + control.title)));
            return true;
        }
        return changed;
    }

    /** The controls a deadline check looks at today: those due within the reminder's time, or past due, that are not settled for good. */
    @Transactional
    public List<UUID> comingDue() {
        return Control.getEntityManager().createQuery("select c.id from Control c where c.status not in ?1 and c.dueOn <= ?2"
                + " and (c.status <> io.aigov.control.ControlStatus.ACCEPTED or c.recurrenceMonths is not null)", UUID.class)
                .setParameter(1, List.of(ControlStatus.CLOSED, ControlStatus.NOT_APPLICABLE, ControlStatus.OVERDUE, ControlStatus.ATTESTED))
                .setParameter(2, clock.today().plusDays(config.reminderDays())).getResultList();
    }

    /**
     * Whether someone may see a control: compliance and the board see every control ({@code seesAll}),
     * anyone else those they own and those of the use cases they submitted.
     */
    public boolean readableBy(Control control, String actor, boolean seesAll) {
        return seesAll || control.owner.equals(actor)
                || useCases.find(control.useCaseId).filter(useCase -> useCase.submittedBy().equals(actor)).isPresent();
    }

    public Optional<Control> find(UUID id) {
        return Control.findByIdOptional(id);
    }

    /** A use case's controls, live ones first, each group in the order they were opened. */
    public List<Control> ofUseCase(UUID useCaseId) {
        return Control.<Control>list("useCaseId", Sort.ascending("openedAt", "obligationId"), useCaseId).stream()
                .sorted(Comparator.comparing((Control control) -> control.closedAt != null)).toList();
    }

    /** Controls in a status, of an owner, the longest unchanged first: the review queue is {@code status = ATTESTED}. */
    public List<Control> list(ControlStatus status, String owner, int page, int size) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        if (status != null) {
            query.append(" and status = :status");
            parameters.and("status", status);
        }
        if (owner != null) {
            query.append(" and owner = :owner");
            parameters.and("owner", owner);
        }
        return Control.<Control>find(query.toString(), Sort.ascending("updatedAt", "id"), parameters).page(Page.of(page, size)).list();
    }

    /** What happened to a control, oldest first, as the audit chain records it. */
    public List<AuditRecord> history(UUID controlId) {
        return auditLog.controlEvents(controlId);
    }

    /** The evidence of a control, every cycle, oldest first; without the files' bytes. */
    public List<ControlEvidence> evidenceOf(UUID controlId) {
        return ControlEvidence.<ControlEvidence>list("controlId", Sort.ascending("addedAt", "id"), controlId);
    }

    /** One item of a control's evidence, with its bytes. */
    public Optional<ControlEvidence> evidence(UUID controlId, UUID evidenceId) {
        return ControlEvidence.<ControlEvidence>findByIdOptional(evidenceId).filter(evidence -> evidence.controlId.equals(controlId));
    }

    /** What the control's current cycle still lacks before its owner may attest: each kind it asks for, but an attestation. */
    public Set<EvidenceKind> missingEvidence(Control control) {
        return missingEvidence(List.of(control)).get(control.id);
    }

    /** The same for a page of controls, read in one query: each control's id to what its current cycle lacks. */
    public Map<UUID, Set<EvidenceKind>> missingEvidence(List<Control> controls) {
        if (controls.isEmpty()) {
            return Map.of();
        }
        Map<UUID, Integer> cycles = new HashMap<>();
        controls.forEach(control -> cycles.put(control.id, control.cycle));
        Map<UUID, Set<String>> shown = new HashMap<>();
        List<Object[]> kinds = ControlEvidence.getEntityManager()
                .createQuery("select e.controlId, e.cycle, e.kind from ControlEvidence e where e.controlId in ?1", Object[].class)
                .setParameter(1, cycles.keySet()).getResultList();
        for (Object[] kind : kinds) {
            if (cycles.get((UUID) kind[0]).equals(kind[1])) {
                shown.computeIfAbsent((UUID) kind[0], id -> new HashSet<>()).add(((ControlEvidence.Kind) kind[2]).name());
            }
        }
        Map<UUID, Set<EvidenceKind>> missing = new HashMap<>();
        for (Control control : controls) {
            Set<String> shownKinds = shown.getOrDefault(control.id, Set.of());
            Set<EvidenceKind> lacking = EnumSet.noneOf(EvidenceKind.class);
            for (EvidenceKind kind : control.evidenceKinds) {
                if (kind != EvidenceKind.ATTESTATION && !shownKinds.contains(kind.name())) {
                    lacking.add(kind);
                }
            }
            missing.put(control.id, lacking);
        }
        return missing;
    }

    private static List<ControlEvidence> currentEvidence(Control control) {
        return ControlEvidence.list("controlId = ?1 and cycle = ?2", control.id, control.cycle);
    }

    /** Where the owner's work stands after a change: overdue stays overdue until it is attested. */
    private ControlStatus progress(Control control) {
        if (control.status == ControlStatus.OVERDUE) {
            return ControlStatus.OVERDUE;
        }
        if (currentEvidence(control).isEmpty()) {
            return ControlStatus.OPEN;
        }
        return missingEvidence(control).isEmpty() ? ControlStatus.EVIDENCED : ControlStatus.IN_PROGRESS;
    }

    private Control ownersTurn(UUID id, String actor, String what) {
        Control control = live(id);
        if (!control.owner.equals(actor)) {
            throw ControlRefusedException.notAllowed("Only " + control.owner + ", who owns the control, may " + what + " it");
        }
        if (!control.status.awaitsOwner()) {
            throw ControlRefusedException.conflict("The control is " + control.status + (control.status == ControlStatus.ATTESTED
                    ? ": compliance reviews it now, and may send it back" : ": nothing is asked of its owner in this cycle"));
        }
        return control;
    }

    /** The attestation withdrawn from the control; its record in the chain stays. */
    private static void clearAttestation(Control control) {
        control.attestation = null;
        control.attestedBy = null;
        control.attestedAt = null;
    }

    private static void requireAttested(Control control, String what) {
        if (control.status != ControlStatus.ATTESTED) {
            throw ControlRefusedException.conflict("The control is " + control.status + ": only an attested control is " + what);
        }
    }

    private static void requireSecondPerson(Control control, String actor, String what) {
        if (actor.equals(control.attestedBy)) {
            throw ControlRefusedException.notAllowed("Four eyes: " + actor + " attested this control and may not " + what
                    + " it; another compliance officer reviews it");
        }
    }

    /** A control that is not closed, held until the transaction ends. */
    private static Control live(UUID id) {
        Control control = Control.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (control == null) {
            throw ControlRefusedException.notFound("No control with id " + id);
        }
        if (control.status == ControlStatus.CLOSED) {
            throw ControlRefusedException.conflict("The control is closed: " + control.closedReason);
        }
        return control;
    }

    private static URI link(String url) {
        String text = required("url", url);
        if (text.length() > 2000) {
            throw ControlRefusedException.invalid("url", "must be at most 2000 characters");
        }
        try {
            URI link = new URI(text);
            if (!("https".equalsIgnoreCase(link.getScheme()) || "http".equalsIgnoreCase(link.getScheme())) || link.getHost() == null
                    || link.getUserInfo() != null) {
                throw ControlRefusedException.invalid("url", "must be an http or https address with a host and no user name");
            }
            return link;
        } catch (URISyntaxException e) {
            throw ControlRefusedException.invalid("url", "is not a URL: " + e.getReason());
        }
    }

    private static String required(String field, String text) {
        String value = text == null ? "" : text.strip();
        if (value.isEmpty()) {
            throw ControlRefusedException.invalid(field, "is required");
        }
        return checked(field, value);
    }

    private static String note(String text) {
        return text == null || text.isBlank() ? null : checked("note", text.strip());
    }

    private static String checked(String field, String value) {
        if (value.length() > MAX_TEXT) {
            throw ControlRefusedException.invalid(field, "must be at most " + MAX_TEXT + " characters");
        }
        ControlCharacters.problemIn(value).ifPresent(problem -> {
            throw ControlRefusedException.invalid(field, problem);
        });
        return value;
    }

    private void touch(Control control) {
        control.updatedAt = clock.now();
    }

    private void append(AuditRecord record) {
        auditLog.appendInTransaction(record);
    }

    /** The record of a change to a control: the control, its use case and obligation, the status before and after, and the particulars. */
    private AuditRecord record(Control control, ControlEvent type, String actor, ControlStatus from, Map<String, Object> particulars) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("control", control.id.toString());
        details.put("useCase", control.useCaseId.toString());
        details.put("obligation", control.obligationId);
        details.put("regime", control.regime);
        details.put("cycle", control.cycle);
        details.put("from", from == null ? null : from.name());
        details.put("to", control.status.name());
        details.putAll(particulars);
        return AuditRecord.ofEvent(AuditKind.CONTROL_EVENT, clock.now(), actor, new AuditEvent(type.name(), details));
    }

    /** A notice about a control, for its owner when given, and for compliance as the notice says. */
    private Notices.UseCaseNotice notice(Control control, Notification.Notice kind, String owner, String summary, List<String> details) {
        UseCases.UseCase useCase = useCases.find(control.useCaseId).orElseThrow();
        List<String> lines = new ArrayList<>(details);
        lines.add("Control " + control.id + " (" + control.obligationId + "), " + control.status);
        return new Notices.UseCaseNotice(kind, control.useCaseId, useCase.title(), useCase.state(), owner, control.obligationId + " " + summary,
                lines);
    }
}
