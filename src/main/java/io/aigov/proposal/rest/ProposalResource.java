package io.aigov.proposal.rest;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;

import io.aigov.api.rest.Identifiers;
import io.aigov.api.rest.Problems;
import io.aigov.api.rest.QueryParameters;
import io.aigov.audit.BoardDecision;
import io.aigov.decision.model.Approach;
import io.aigov.decision.model.Exposure;
import io.aigov.decision.model.UseCase;
import io.aigov.decision.model.Verdict;
import io.aigov.proposal.Proposal;
import io.aigov.proposal.ProposalComment;
import io.aigov.proposal.ProposalEvaluation;
import io.aigov.proposal.ProposalEvent;
import io.aigov.proposal.ProposalState;
import io.aigov.proposal.UpcomingChange;
import io.aigov.proposal.service.ProposalService;
import io.aigov.shared.Roles;
import io.aigov.shared.SentValues;

@Path("/api/proposals")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Proposals", description = "AI proposals through the architecture board: submit, review, decide, withdraw")
public class ProposalResource {

    private static final String PROBLEM = "application/problem+json";
    private static final int MAX_PAGE_SIZE = 100;

    @Schema(name = "NewProposal")
    public record NewProposal(
            @NotNull(message = "is required") @Valid UseCase useCase,
            @NotBlank(message = "is required") @Size(max = 100) @Schema(description = "Business owner accountable for the use case") String owner,
            @NotBlank(message = "is required") @Size(max = 4000) String businessJustification) {
    }

    @Schema(name = "BoardDecisionRequest")
    public record DecisionBody(
            @NotNull(message = "is required") BoardDecision.Outcome decision,
            @NotBlank(message = "is required") @Size(max = 4000) String rationale,
            @Size(max = 20) List<@NotBlank(message = "must not be blank") @Size(max = 500) String> conditions,
            @Valid @Schema(description = "Set to choose another approach than the evaluation recommends") OverrideBody override,
            @Schema(description = "The evaluation the board looked at; refused with 409 if the proposal was re-evaluated since") String evaluationId) {
    }

    public record OverrideBody(@NotNull(message = "is required") Approach approach,
            @NotBlank(message = "is required when the board overrides the recommended approach") @Size(max = 2000) String reason) {
    }

    @Schema(name = "Withdrawal")
    public record CommentBody(@NotBlank(message = "is required and must not be blank") @Size(max = ProposalService.MAX_COMMENT)
            @Schema(description = "What the comment says", maxLength = ProposalService.MAX_COMMENT, required = true) String text) {
    }

    public record CommentView(UUID id, Instant at, String author, String text) {

        static CommentView of(ProposalComment comment) {
            return new CommentView(comment.id, comment.at, comment.author, comment.text);
        }
    }

    public record WithdrawBody(@Size(max = 2000) String reason) {
    }

    public record EvaluationSummary(UUID id, Instant at, ProposalEvaluation.Reason reason, Approach approach, Verdict verdict,
            String rulesetVersion, List<Exposure> exposures) {
    }

    public record DecisionView(UUID auditRecordId, String decidedBy, Instant decidedAt, String rulesetVersion, BoardDecision decision) {
    }

    public record ProposalView(UUID id, String title, String owner, String businessJustification, String submittedBy,
            Instant submittedAt, ProposalState state, List<ProposalState> allowedTransitions, int riskRank, boolean flagged,
            String flagReason, EvaluationSummary latestEvaluation, List<EvaluationSummary> evaluations, DecisionView decision,
            List<ProposalEvent> events,
            @Schema(description = "What the rules will decide differently on each of their dates within the horizon (aigov.proposals.upcoming-horizon-days)") List<UpcomingChange> upcoming,
            @Schema(description = "The day the upcoming changes were worked out on") LocalDate upcomingAsOf) {
    }

    public record ProposalSummary(UUID id, String title, String owner, String submittedBy, Instant submittedAt, ProposalState state,
            int riskRank, boolean flagged, Approach approach, Verdict verdict) {
    }

    private final ProposalService proposals;
    private final ProposalViews views;
    private final SecurityIdentity identity;

    public ProposalResource(ProposalService proposals, ProposalViews views, SecurityIdentity identity) {
        this.proposals = proposals;
        this.views = views;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.SUBMITTER)
    @Operation(summary = "Submit a proposal", description = "Registers the use case with its owner and business justification and evaluates it at once.")
    @APIResponse(responseCode = "201", description = "Submitted and evaluated (or auto-approved, when configured and ALLOWED)")
    @APIResponse(responseCode = "400", description = "Invalid body; every offending field is named", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "503", description = "The audit log cannot be written; nothing was submitted", content = @Content(mediaType = PROBLEM))
    public Response submit(NewProposal proposal) {
        Proposal created = proposals.submit(proposal.useCase(), proposal.owner(), proposal.businessJustification(), actor());
        return Response.created(URI.create("/api/proposals/" + created.id)).entity(views.view(created)).build();
    }

    @GET
    @RolesAllowed({Roles.SUBMITTER, Roles.BOARD, Roles.COMPLIANCE})
    @Operation(summary = "List proposals, newest first")
    @APIResponse(responseCode = "400", description = "A parameter is invalid; it is named", content = @Content(mediaType = PROBLEM))
    public List<ProposalSummary> list(
            @QueryParam("state") @Parameter(description = "SUBMITTED, UNDER_REVIEW, APPROVED, APPROVED_WITH_CONDITIONS, REJECTED, WITHDRAWN, IN_PRODUCTION, UNDER_REASSESSMENT or RETIRED") String state,
            @QueryParam("owner") @Parameter(description = "Business owner") String owner,
            @QueryParam("page") @DefaultValue("0") @Parameter(description = "Page number, from 0") String page,
            @QueryParam("size") @DefaultValue("20") @Parameter(description = "Page size, 1 to 100") String size) {
        return proposals.list(QueryParameters.choice("state", state, ProposalState.class), SentValues.blankToNull(owner),
                QueryParameters.intInRange("page", page, 0, Integer.MAX_VALUE), QueryParameters.intInRange("size", size, 1, MAX_PAGE_SIZE))
                .stream().map(views::summary).toList();
    }

    @GET
    @Path("/queue")
    @RolesAllowed(Roles.BOARD)
    @Operation(summary = "The board's queue", description = "Open proposals (SUBMITTED, UNDER_REVIEW) and use cases UNDER_REASSESSMENT, prohibited first, then high exposure, then BOARD_REVIEW, then the rest; oldest first within each.")
    public List<ProposalSummary> queue(@QueryParam("limit") @DefaultValue("100") @Parameter(description = "1 to 1000") String limit) {
        return proposals.queue(QueryParameters.intInRange("limit", limit, 1, 1000)).stream().map(views::summary).toList();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.SUBMITTER, Roles.BOARD, Roles.COMPLIANCE})
    @Operation(summary = "A proposal with every evaluation of it, its decision and its history")
    @APIResponse(responseCode = "404", description = "No such proposal", content = @Content(mediaType = PROBLEM))
    public ProposalView get(@PathParam("id") String id) {
        return views.view(proposals.find(Identifiers.uuid("id", id))
                .orElseThrow(() -> Problems.of(Response.Status.NOT_FOUND, "No proposal with id " + id)));
    }

    @POST
    @Path("/{id}/review")
    @RolesAllowed(Roles.BOARD)
    @Operation(summary = "Take a submitted proposal under review")
    @APIResponse(responseCode = "403", description = "The caller submitted it", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "Not in a state that allows it; the allowed transitions are listed", content = @Content(mediaType = PROBLEM))
    public ProposalView review(@PathParam("id") String id) {
        return views.view(proposals.startReview(Identifiers.uuid("id", id), actor()));
    }

    @POST
    @Path("/{id}/decisions")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.BOARD)
    @Operation(summary = "Decide a proposal under review, or a use case under reassessment",
            description = "Recorded in the audit chain with the evaluation and ruleset version it was taken on. A PROHIBITED verdict can only be rejected; whoever submitted the proposal may not decide it. Approved again, a use case that was in production before its reassessment returns to IN_PRODUCTION.")
    @APIResponse(responseCode = "200", description = "Decided")
    @APIResponse(responseCode = "400", description = "Invalid decision; every offending field is named", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "403", description = "The caller submitted the proposal", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "Wrong state, PROHIBITED verdict, or re-evaluated since the given evaluation", content = @Content(mediaType = PROBLEM))
    public ProposalView decide(@PathParam("id") String id, DecisionBody body) {
        UUID evaluationId = body.evaluationId() == null ? null : Identifiers.uuid("evaluationId", body.evaluationId());
        ProposalService.DecisionRequest request = new ProposalService.DecisionRequest(body.decision(), body.rationale(),
                body.conditions() == null ? List.of() : body.conditions(),
                body.override() == null ? null : body.override().approach(), body.override() == null ? null : body.override().reason(),
                evaluationId);
        return views.view(proposals.decide(Identifiers.uuid("id", id), request, actor()));
    }

    @POST
    @Path("/{id}/withdraw")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.SUBMITTER)
    @Operation(summary = "Withdraw an open proposal", description = "Only whoever submitted it.")
    @APIResponse(responseCode = "403", description = "Someone else submitted it", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "Already decided or withdrawn", content = @Content(mediaType = PROBLEM))
    public ProposalView withdraw(@PathParam("id") String id, WithdrawBody body) {
        return views.view(proposals.withdraw(Identifiers.uuid("id", id), actor(), body.reason()));
    }

    @GET
    @Path("/{id}/comments")
    @RolesAllowed({Roles.SUBMITTER, Roles.BOARD, Roles.COMPLIANCE})
    @Operation(summary = "A proposal's comments, oldest first")
    @APIResponse(responseCode = "404", description = "No such proposal", content = @Content(mediaType = PROBLEM))
    public List<CommentView> comments(@PathParam("id") String id) {
        UUID proposal = Identifiers.uuid("id", id);
        proposals.find(proposal).orElseThrow(() -> Problems.of(Response.Status.NOT_FOUND, "No proposal with id " + id));
        return proposals.commentsOf(proposal).stream().map(CommentView::of).toList();
    }

    @POST
    @Path("/{id}/comments")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUBMITTER, Roles.BOARD, Roles.COMPLIANCE})
    @Operation(summary = "Comment on a proposal", description = "A question, an answer or a concern while the proposal is decided, in any state; kept for good with its author and time.")
    @APIResponse(responseCode = "201", description = "Kept")
    @APIResponse(responseCode = "400", description = "No text, or more than 4,000 characters; the field is named", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = "No such proposal", content = @Content(mediaType = PROBLEM))
    public Response comment(@PathParam("id") String id, CommentBody body) {
        ProposalComment comment = proposals.comment(Identifiers.uuid("id", id), actor(), body.text());
        return Response.created(URI.create("/api/proposals/" + comment.proposalId + "/comments")).entity(CommentView.of(comment)).build();
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }
}
