package io.aigov.console.rest;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;

import io.aigov.api.rest.Identifiers;
import io.aigov.api.rest.Violation;
import io.aigov.api.rest.QueryParameters;
import io.aigov.audit.AuditLog;
import io.aigov.audit.AuditRecord;
import io.aigov.audit.BoardDecision;
import io.aigov.control.Control;
import io.aigov.control.service.ControlService;
import io.aigov.decision.explain.Counterfactuals;
import io.aigov.decision.model.Approach;
import io.aigov.decision.model.Declarations;
import io.aigov.decision.model.ExposureLevel;
import io.aigov.decision.model.UseCase;
import io.aigov.decision.model.Verdict;
import io.aigov.proposal.Proposal;
import io.aigov.proposal.ProposalComment;
import io.aigov.proposal.ProposalEvaluation;
import io.aigov.proposal.ProposalEvent;
import io.aigov.proposal.ProposalState;
import io.aigov.proposal.service.ProposalRefusedException;
import io.aigov.proposal.service.ProposalService;
import io.aigov.ruleset.service.ActiveRuleset;
import io.aigov.shared.Roles;
import io.aigov.shared.SentValues;

/** Proposals in the console: a submitter's own, the board's queue, a proposal with its evaluations, decision and history. */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
@Tag(name = "Console", description = "The web console's pages")
public class ProposalPages {

    private static final int LISTED = 200;

    /** A proposal in a list, with the evaluation the board would look at. */
    public record Row(Proposal proposal, AuditRecord evaluation) {
    }

    /** One evaluation of a proposal and why it was made. */
    public record EvaluationRow(ProposalEvaluation link, AuditRecord evaluation) {
    }

    /** What the decision form showed, and what was wrong with it. */
    public record DecisionForm(String decision, String rationale, String conditions, String overrideApproach, String overrideReason,
            Map<String, String> errors, String problem) {

        static DecisionForm empty() {
            return new DecisionForm("", "", "", "", "", Map.of(), null);
        }

        public String error(String field) {
            return errors.get(field);
        }
    }

    /**
     * A proposal's page. {@code previous} is the evaluation before the latest one, shown beside it
     * when a re-evaluation on a new ruleset flagged the proposal.
     */
    public record Page(Proposal proposal, AuditRecord latest, AuditRecord previous, List<EvaluationRow> evaluations,
            AuditRecord decision, List<ProposalEvent> events, boolean mayReview, boolean mayDecide, boolean mayWithdraw,
            boolean mayDeclareInProduction, boolean mayRetire, List<BoardDecision.Outcome> outcomes, List<Approach> approaches, DecisionForm form,
            List<UseCaseForm.AnswerLine> answers, List<Control> controls, boolean mayDownloadDossier, Map<String, String> regimes,
            List<EvaluationPages.RuleGroup> ruleGroups, UseCaseForm.WhyNot whyNot, List<ProposalComment> comments) {
    }

    /** The inventory page: the count in each state (every state, in order), the filters given and the use cases found. */
    /** @param regimeTitles the declared regimes' titles by code */
    public record InventoryPage(Map<ProposalState, Long> counts, Map<String, String> filters, String query, List<String> regimes,
            List<String> levels, List<Row> rows, Map<String, String> regimeTitles) {
    }

    @CheckedTemplate
    static class Templates {
        /** @param regimes the declared regimes' titles by code */
        static native TemplateInstance list(String heading, String empty, List<Row> rows, Map<String, String> regimes);

        static native TemplateInstance proposal(Page page);

        static native TemplateInstance report(Proposal proposal, AuditRecord decision, AuditRecord evaluation);

        static native TemplateInstance inventory(InventoryPage page);
    }

    private final ProposalService proposals;
    private final AuditLog auditLog;
    private final ActiveRuleset activeRuleset;
    private final SecurityIdentity identity;
    private final ControlService controls;

    public ProposalPages(ProposalService proposals, AuditLog auditLog, ActiveRuleset activeRuleset, SecurityIdentity identity,
            ControlService controls) {
        this.controls = controls;
        this.proposals = proposals;
        this.auditLog = auditLog;
        this.activeRuleset = activeRuleset;
        this.identity = identity;
    }

    @GET
    @Path("inventory")
    @RolesAllowed({ Roles.SUBMITTER, Roles.BOARD, Roles.COMPLIANCE })
    @Operation(summary = "The inventory of use cases, filtered by state, business owner, regime and level, with the count in each state")
    public TemplateInstance inventory(@QueryParam("state") String state, @QueryParam("owner") String owner,
            @QueryParam("regime") String regime, @QueryParam("level") String level, @QueryParam("reassessmentDue") String reassessmentDue,
            @QueryParam("upcomingWithinDays") String upcomingWithinDays) {
        ProposalService.InventoryFilter filter = inventoryFilter(state, owner, regime, level, reassessmentDue, upcomingWithinDays);
        Map<String, String> given = new LinkedHashMap<>();
        if (filter.state() != null) {
            given.put("state", filter.state().name());
        }
        if (filter.owner() != null) {
            given.put("owner", filter.owner());
        }
        if (filter.regime() != null) {
            given.put("regime", filter.regime());
        }
        if (filter.level() != null) {
            given.put("level", filter.level().name());
        }
        if (filter.reassessmentDue()) {
            given.put("reassessmentDue", "true");
        }
        if (filter.upcomingWithinDays() != null) {
            given.put("upcomingWithinDays", filter.upcomingWithinDays().toString());
        }
        String query = given.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        Map<ProposalState, Long> counts = new EnumMap<>(ProposalState.class);
        Map<ProposalState, Long> held = proposals.countsByState();
        for (ProposalState each : ProposalState.values()) {
            counts.put(each, held.getOrDefault(each, 0L));
        }
        List<String> regimes = activeRuleset.current().declarations().regimes().stream().map(Declarations.DeclaredRegime::code).toList();
        return Templates.inventory(new InventoryPage(counts, given, query, regimes,
                Arrays.stream(ExposureLevel.values()).map(Enum::name).toList(), rows(proposals.inventory(filter, 0, LISTED)), regimeTitles()));
    }

    @GET
    @Path("proposals/mine")
    @RolesAllowed(Roles.SUBMITTER)
    @Operation(summary = "The proposals the signed-in user submitted")
    public TemplateInstance mine() {
        return Templates.list("My proposals", "You have not submitted a proposal yet.",
                rows(proposals.submittedBy(actor(), LISTED)), regimeTitles());
    }

    @GET
    @Path("board")
    @RolesAllowed(Roles.BOARD)
    @Operation(summary = "The board's queue: open proposals, the riskiest first, oldest first within each")
    public TemplateInstance queue() {
        return Templates.list("Board queue", "No proposal waits for the board.", rows(proposals.queue(LISTED)), regimeTitles());
    }

    @POST
    @Path("proposals")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.SUBMITTER)
    @Operation(summary = "Submits an evaluated use case to the board as a proposal")
    public Response submit(MultivaluedMap<String, String> form) {
        ConsoleForms.requireNoControlCharacters(form);
        AuditRecord evaluation = auditLog.findEvaluation(Identifiers.uuid("evaluation", form.getFirst("evaluation")))
                .orElseThrow(() -> new NotFoundException("No such evaluation"));
        UseCase useCase = evaluation.input;
        String title = form.getFirst("title");
        if (evaluation.maskedFields.contains("name") && title != null && !title.isBlank()) {
            useCase = useCase.withText(title.strip(), useCase.description());
        }
        List<Violation> missing = new ArrayList<>();
        String owner = form.getFirst("owner");
        String justification = form.getFirst("businessJustification");
        if (owner == null || owner.isBlank()) {
            missing.add(new Violation("owner", "form", "is required"));
        }
        if (justification == null || justification.isBlank()) {
            missing.add(new Violation("businessJustification", "form", "is required"));
        }
        if (!missing.isEmpty()) {
            throw io.aigov.api.rest.Problems.badRequest("The proposal needs a business owner and a justification", missing);
        }
        Proposal proposal = proposals.submit(useCase, owner.strip(), justification.strip(), actor());
        return Response.seeOther(URI.create("/console/proposals/" + proposal.id)).build();
    }

    @GET
    @Path("proposals/{id}")
    @RolesAllowed({ Roles.SUBMITTER, Roles.BOARD, Roles.COMPLIANCE })
    @Operation(summary = "A proposal with its evaluations, decision and history; for the board, the decision form")
    public TemplateInstance proposal(@PathParam("id") String id) {
        return Templates.proposal(page(find(id), DecisionForm.empty()));
    }

    @POST
    @Path("proposals/{id}/review")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.BOARD)
    @Operation(summary = "Takes a submitted proposal under review")
    public Response review(@PathParam("id") String id, MultivaluedMap<String, String> form) {
        ConsoleForms.requireNoControlCharacters(form);
        Proposal proposal = find(id);
        try {
            proposals.startReview(proposal.id, actor());
        } catch (ProposalRefusedException refused) {
            return shown(proposal, new DecisionForm("", "", "", "", "", Map.of(), refused.getMessage()), refused);
        }
        return Response.seeOther(URI.create("/console/proposals/" + proposal.id)).build();
    }

    @POST
    @Path("proposals/{id}/decision")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.BOARD)
    @Operation(summary = "Decides a proposal under review; errors are shown beside their fields")
    public Response decide(@PathParam("id") String id, MultivaluedMap<String, String> form) {
        ConsoleForms.requireNoControlCharacters(form);
        Proposal proposal = find(id);
        DecisionForm entered = new DecisionForm(value(form, "decision"), value(form, "rationale"), value(form, "conditions"),
                value(form, "overrideApproach"), value(form, "overrideReason"), Map.of(), null);
        Map<String, String> errors = new LinkedHashMap<>();
        BoardDecision.Outcome outcome = choice(BoardDecision.Outcome.class, entered.decision()).orElse(null);
        if (outcome == null) {
            errors.put("decision", "is required: choose a decision");
        }
        if (entered.rationale().isBlank()) {
            errors.put("rationale", "is required");
        }
        Approach override = choice(Approach.class, entered.overrideApproach()).orElse(null);
        if (!errors.isEmpty()) {
            return shown(proposal, new DecisionForm(entered.decision(), entered.rationale(), entered.conditions(),
                    entered.overrideApproach(), entered.overrideReason(), errors, null), null);
        }
        List<String> conditions = entered.conditions().lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
        UUID evaluationId = Identifiers.uuid("evaluation", form.getFirst("evaluation"));
        try {
            if (proposal.state == ProposalState.SUBMITTED) {
                proposals.startReview(proposal.id, actor());
            }
            proposals.decide(proposal.id, new ProposalService.DecisionRequest(outcome, SentValues.blankToNull(entered.rationale()), conditions,
                    override, override == null ? null : SentValues.blankToNull(entered.overrideReason()), evaluationId), actor());
        } catch (ProposalRefusedException refused) {
            return shown(proposal, new DecisionForm(entered.decision(), entered.rationale(), entered.conditions(),
                    entered.overrideApproach(), entered.overrideReason(), fieldErrors(refused), refused.getMessage()), refused);
        }
        return Response.seeOther(URI.create("/console/proposals/" + proposal.id)).build();
    }

    @POST
    @Path("proposals/{id}/comments")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({ Roles.SUBMITTER, Roles.BOARD, Roles.COMPLIANCE })
    @Operation(summary = "Comments on a proposal; a comment without text is refused on the page")
    public Response comment(@PathParam("id") String id, MultivaluedMap<String, String> form) {
        ConsoleForms.requireNoControlCharacters(form);
        Proposal proposal = find(id);
        try {
            proposals.comment(proposal.id, actor(), form.getFirst("text"));
        } catch (ProposalRefusedException refused) {
            return shown(proposal, new DecisionForm("", "", "", "", "", Map.of(), refused.getMessage()), refused);
        }
        return Response.seeOther(URI.create("/console/proposals/" + proposal.id + "#comments")).build();
    }

    @POST
    @Path("proposals/{id}/withdraw")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.SUBMITTER)
    @Operation(summary = "Withdraws an open proposal (only whoever submitted it)")
    public Response withdraw(@PathParam("id") String id, MultivaluedMap<String, String> form) {
        return ownersMove(id, form, "reason", proposals::withdraw);
    }

    @POST
    @Path("proposals/{id}/production")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.SUBMITTER)
    @Operation(summary = "Declares an approved use case in production (only its owner)")
    public Response production(@PathParam("id") String id, MultivaluedMap<String, String> form) {
        return ownersMove(id, form, "note", proposals::declareInProduction);
    }

    @POST
    @Path("proposals/{id}/retirement")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.SUBMITTER)
    @Operation(summary = "Retires an approved or in-production use case (only its owner)")
    public Response retirement(@PathParam("id") String id, MultivaluedMap<String, String> form) {
        return ownersMove(id, form, "note", proposals::retire);
    }

    /** A move of the owner's (withdraw, in production, retire) with the text given in one field; refused, the page says why. */
    private Response ownersMove(String id, MultivaluedMap<String, String> form, String field, OwnersMove move) {
        ConsoleForms.requireNoControlCharacters(form);
        Proposal proposal = find(id);
        try {
            move.apply(proposal.id, actor(), SentValues.blankToNull(value(form, field)));
        } catch (ProposalRefusedException refused) {
            return shown(proposal, new DecisionForm("", "", "", "", "", Map.of(), refused.getMessage()), refused);
        }
        return Response.seeOther(URI.create("/console/proposals/" + proposal.id)).build();
    }

    @FunctionalInterface
    private interface OwnersMove {
        void apply(UUID id, String actor, String text);
    }

    @GET
    @Path("proposals/{id}/report")
    @RolesAllowed({ Roles.SUBMITTER, Roles.BOARD, Roles.COMPLIANCE })
    @Operation(summary = "The board report of a decided proposal, for printing")
    public TemplateInstance report(@PathParam("id") String id) {
        Proposal proposal = find(id);
        if (proposal.decisionId == null) {
            throw new NotFoundException("The proposal has no decision yet");
        }
        AuditRecord decision = auditLog.find(proposal.decisionId).orElseThrow();
        AuditRecord evaluation = auditLog.findEvaluation(decision.decision.evaluationId()).orElseThrow();
        return Templates.report(proposal, decision, evaluation);
    }

    private Response shown(Proposal proposal, DecisionForm form, ProposalRefusedException refused) {
        int status = refused == null ? 400 : switch (refused.reason()) {
            case NOT_FOUND -> 404;
            case NOT_ALLOWED -> 403;
            case CONFLICT -> 409;
            case INVALID -> 400;
        };
        return Response.status(status).type(MediaType.TEXT_HTML).entity(Templates.proposal(page(proposal, form))).build();
    }

    private Page page(Proposal proposal, DecisionForm form) {
        List<EvaluationRow> evaluations = proposals.evaluationsOf(proposal.id).stream()
                .map(link -> new EvaluationRow(link, auditLog.findEvaluation(link.evaluationId).orElseThrow())).toList();
        AuditRecord latest = evaluations.stream().map(EvaluationRow::evaluation).filter(e -> e.id.equals(proposal.latestEvaluationId))
                .findFirst().orElseThrow();
        AuditRecord previous = proposal.flagged && evaluations.size() > 1 ? evaluations.get(evaluations.size() - 2).evaluation() : null;
        AuditRecord decision = proposal.decisionId == null ? null : auditLog.find(proposal.decisionId).orElseThrow();
        Declarations declarations = activeRuleset.current().declarations();
        boolean submitter = actor().equals(proposal.submittedBy);
        boolean board = identity.hasRole(Roles.BOARD) && !submitter;
        List<BoardDecision.Outcome> outcomes = latest.outcome.verdict() == Verdict.PROHIBITED ? List.of(BoardDecision.Outcome.REJECTED)
                : List.of(BoardDecision.Outcome.values());
        return new Page(proposal, latest, previous, evaluations, decision, proposals.eventsOf(proposal.id),
                board && proposal.state == ProposalState.SUBMITTED,
                // Deciding a submitted proposal takes it under review first: review and decision on one page.
                board && (proposal.state == ProposalState.SUBMITTED || proposal.state == ProposalState.UNDER_REVIEW
                        || proposal.state == ProposalState.UNDER_REASSESSMENT),
                submitter && proposal.state.open(), submitter && proposal.state.next().contains(ProposalState.IN_PRODUCTION)
                        && proposal.state != ProposalState.UNDER_REASSESSMENT,
                submitter && proposal.state.next().contains(ProposalState.RETIRED), outcomes,
                List.of(Approach.values()), form,
                UseCaseForm.answered(latest.input, declarations), controls.ofUseCase(proposal.id),
                identity.hasRole(Roles.BOARD) || identity.hasRole(Roles.COMPLIANCE), AuditPages.regimeTitles(declarations),
                EvaluationPages.ruleGroups(latest), UseCaseForm.whyNot(latestCounterfactuals(latest), declarations),
                proposals.commentsOf(proposal.id));
    }

    /** The latest evaluation's counterfactuals, as the search completed them afterwards when it was cut short. */
    private Counterfactuals latestCounterfactuals(AuditRecord latest) {
        return auditLog.completionOf(latest).map(completion -> completion.counterfactuals).orElse(latest.counterfactuals);
    }

    private Map<String, String> regimeTitles() {
        return AuditPages.regimeTitles(activeRuleset.current().declarations());
    }

    private List<Row> rows(List<Proposal> listed) {
        return listed.stream().map(p -> new Row(p, auditLog.findEvaluation(p.latestEvaluationId).orElseThrow())).toList();
    }

    private Proposal find(String id) {
        return Identifiers.parse(id).flatMap(proposals::find).orElseThrow(() -> new NotFoundException("No proposal " + id));
    }

    /** The invalid fields a refusal names, by the decision form's fields, to show beside them. */
    private static Map<String, String> fieldErrors(ProposalRefusedException refused) {
        Map<String, String> errors = new LinkedHashMap<>();
        refused.invalidFields().forEach((field, message) -> errors.merge(switch (field) {
            case "override", "override.approach" -> "overrideApproach";
            case "override.reason" -> "overrideReason";
            default -> field;
        }, message, (a, b) -> a + "; " + b));
        return errors;
    }

    private static <E extends Enum<E>> Optional<E> choice(Class<E> type, String value) {
        return Arrays.stream(type.getEnumConstants()).filter(constant -> constant.name().equals(value)).findFirst();
    }

    private static String value(MultivaluedMap<String, String> form, String field) {
        String value = form.getFirst(field);
        return value == null ? "" : value;
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }

    /** The inventory's filters as the query gives them; a bad one is named. */
    private static ProposalService.InventoryFilter inventoryFilter(String state, String owner, String regime, String level, String reassessmentDue,
            String upcomingWithinDays) {
        return new ProposalService.InventoryFilter(QueryParameters.choice("state", state, ProposalState.class), SentValues.blankToNull(owner),
                SentValues.blankToNull(regime), QueryParameters.choice("level", level, ExposureLevel.class),
                QueryParameters.flag("reassessmentDue", reassessmentDue), QueryParameters.optionalIntInRange("upcomingWithinDays", upcomingWithinDays, 0, 3650));
    }
}
