package io.aigov.proposal.rest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
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

import io.aigov.api.rest.Attachments;
import io.aigov.api.rest.Identifiers;
import io.aigov.api.rest.QueryParameters;
import io.aigov.audit.AuditLog;
import io.aigov.audit.AuditRecord;
import io.aigov.decision.model.Approach;
import io.aigov.decision.model.Exposure;
import io.aigov.decision.model.Verdict;
import io.aigov.proposal.Proposal;
import io.aigov.proposal.ProposalState;
import io.aigov.proposal.UpcomingChange;
import io.aigov.proposal.rest.ProposalResource.ProposalView;
import io.aigov.shared.SentValues;
import io.aigov.decision.model.ExposureLevel;
import io.aigov.proposal.service.ProposalService;
import io.aigov.proposal.service.Reassessments;
import io.aigov.shared.Roles;

/**
 * The inventory of AI use cases: every proposal, from its submission through approval and
 * production to retirement, re-decided when the rules change. A use case's own page is its
 * proposal ({@code /api/proposals/{id}}): every decision over time and its history.
 */
@Path("/api/inventory")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Inventory", description = "Every AI use case and where it stands: in production, retired, under reassessment after a rule change")
public class InventoryResource {

    private static final String PROBLEM = "application/problem+json";
    private static final int MAX_PAGE_SIZE = 100;
    /** The export reads the inventory this many use cases at a time. */
    private static final int EXPORT_PAGE = 500;

    public record InventoryItem(UUID id, String title, String owner, String submittedBy, ProposalState state, Approach approach,
            Verdict verdict, List<Exposure> exposures, String rulesetVersion, boolean flagged,
            @Schema(description = "Under reassessment: what the re-decision changed") String flagReason,
            @Schema(description = "What the rules will decide differently on each of their dates within the horizon") List<UpcomingChange> upcoming,
            Instant updatedAt) {
    }

    public record Inventory(@Schema(description = "How many use cases are in each state, whatever the filter") Map<ProposalState, Long> counts,
            List<InventoryItem> items) {
    }

    @Schema(name = "InventoryNote")
    public record NoteBody(@Size(max = 2000) String note) {
    }

    private final ProposalService proposals;
    private final ProposalViews views;
    private final AuditLog auditLog;
    private final SecurityIdentity identity;
    private final Reassessments reassessments;

    public InventoryResource(ProposalService proposals, ProposalViews views, AuditLog auditLog, SecurityIdentity identity,
            Reassessments reassessments) {
        this.proposals = proposals;
        this.reassessments = reassessments;
        this.views = views;
        this.auditLog = auditLog;
        this.identity = identity;
    }

    @GET
    @RolesAllowed({Roles.SUBMITTER, Roles.BOARD, Roles.COMPLIANCE})
    @Operation(summary = "List the inventory, the latest change first", description = "With the count of use cases in each state.")
    @APIResponse(responseCode = "400", description = "A parameter is invalid; it is named", content = @Content(mediaType = PROBLEM))
    public Inventory list(
            @QueryParam("state") @Parameter(description = "SUBMITTED, UNDER_REVIEW, APPROVED, APPROVED_WITH_CONDITIONS, REJECTED, WITHDRAWN, IN_PRODUCTION, UNDER_REASSESSMENT or RETIRED") String state,
            @QueryParam("owner") @Parameter(description = "Business owner") String owner,
            @QueryParam("regime") @Parameter(description = "A regime the latest evaluation found an exposure under, by its code (EU_AI_ACT)") String regime,
            @QueryParam("level") @Parameter(description = "An exposure level of the latest evaluation (HIGH), under the regime if one is given") String level,
            @QueryParam("reassessmentDue") @Parameter(description = "true: only use cases waiting for the board because new rules or a date decide them differently (under reassessment, or flagged open proposals)") String reassessmentDue,
            @QueryParam("upcomingWithinDays") @Parameter(description = "Only use cases the rules will decide differently within this many days (0 to 3650), from a date of theirs: a duty that starts, an exposure that rises") String upcomingWithinDays,
            @QueryParam("page") @DefaultValue("0") @Parameter(description = "Page number, from 0") String page,
            @QueryParam("size") @DefaultValue("20") @Parameter(description = "Page size, 1 to 100") String size) {
        List<InventoryItem> items = proposals.inventory(inventoryFilter(state, owner, regime, level, reassessmentDue, upcomingWithinDays),
                QueryParameters.intInRange("page", page, 0, Integer.MAX_VALUE), QueryParameters.intInRange("size", size, 1, MAX_PAGE_SIZE))
                .stream().map(this::item).toList();
        return new Inventory(proposals.countsByState(), items);
    }

    @GET
    @Path("/export")
    @Produces("text/csv")
    @RolesAllowed({Roles.SUBMITTER, Roles.BOARD, Roles.COMPLIANCE})
    @Operation(summary = "Export the use cases matching the filters as CSV, the latest change first",
            description = "One row per use case (RFC 4180): its state, business owner, owner, the approach, verdict, exposures (REGIME:LEVEL; ...) and ruleset version of its latest evaluation, and under reassessment what changed.")
    @APIResponse(responseCode = "200", description = "The export, as an attachment")
    @APIResponse(responseCode = "400", description = "A parameter is invalid; it is named", content = @Content(mediaType = PROBLEM))
    public Response export(@QueryParam("state") @Parameter(description = "as for the list") String state,
            @QueryParam("owner") @Parameter(description = "as for the list") String owner,
            @QueryParam("regime") @Parameter(description = "as for the list") String regime,
            @QueryParam("level") @Parameter(description = "as for the list") String level,
            @QueryParam("reassessmentDue") @Parameter(description = "as for the list") String reassessmentDue,
            @QueryParam("upcomingWithinDays") @Parameter(description = "as for the list") String upcomingWithinDays) {
        ProposalService.InventoryFilter filter = inventoryFilter(state, owner, regime, level, reassessmentDue, upcomingWithinDays);
        List<InventoryItem> items = new ArrayList<>();
        for (int page = 0;; page++) {
            List<Proposal> listed = proposals.inventory(filter, page, EXPORT_PAGE);
            listed.stream().map(this::item).forEach(items::add);
            if (listed.size() < EXPORT_PAGE) {
                break;
            }
        }
        return Attachments.of(InventoryCsv.of(items), "text/csv; charset=UTF-8", "inventory.csv");
    }

    @POST
    @Path("/{id}/production")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.SUBMITTER)
    @Operation(summary = "Declare an approved use case in production", description = "Only its owner, who submitted it. Recorded in the audit chain.")
    @APIResponse(responseCode = "403", description = "Someone else owns it", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = "No such use case", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "Not approved; the allowed transitions are listed", content = @Content(mediaType = PROBLEM))
    public ProposalView production(@PathParam("id") String id, NoteBody body) {
        return views.view(proposals.declareInProduction(Identifiers.uuid("id", id), actor(), body == null ? null : body.note()));
    }

    @POST
    @Path("/{id}/retirement")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.SUBMITTER)
    @Operation(summary = "Retire an approved or in-production use case",
            description = "Only its owner, who submitted it. A retired use case is no longer decided again. Recorded in the audit chain.")
    @APIResponse(responseCode = "403", description = "Someone else owns it", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = "No such use case", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "Not approved or in production; the allowed transitions are listed", content = @Content(mediaType = PROBLEM))
    public ProposalView retirement(@PathParam("id") String id, NoteBody body) {
        return views.view(proposals.retire(Identifiers.uuid("id", id), actor(), body == null ? null : body.note()));
    }

    @POST
    @Path("/reassessments")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Check the rules' dates now",
            description = "What each instance does by itself every aigov.proposals.date-check-interval: decides again the open proposals and use cases in use that a date of the rules, come since they were last decided, decides differently (a changed use case in use goes under reassessment), and works out the upcoming changes of each. Each use case is decided again once, whichever instance or request gets to it first.")
    @APIResponse(responseCode = "200", description = "What the check did")
    public Reassessments.DateCheck checkDates() {
        return reassessments.checkDates();
    }


    private InventoryItem item(Proposal proposal) {
        AuditRecord evaluation = auditLog.find(proposal.latestEvaluationId).orElseThrow();
        return new InventoryItem(proposal.id, proposal.title, proposal.owner, proposal.submittedBy, proposal.state,
                evaluation.outcome.approach(), evaluation.outcome.verdict(), evaluation.outcome.exposures(),
                evaluation.outcome.rulesetVersion(), proposal.flagged, proposal.flagReason, proposal.upcoming, proposal.updatedAt);
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
