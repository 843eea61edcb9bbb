package io.aigov.ruleset.rest;

import static io.aigov.ruleset.rest.RulesProblems.BUSY;
import static io.aigov.ruleset.rest.RulesProblems.PROBLEM;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
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
import io.aigov.ruleset.history.RuleChange;
import io.aigov.ruleset.service.RuleChanges;
import io.aigov.shared.Roles;
import io.aigov.ruleset.service.RuleLifecycle;

/** Rule changes waiting for a second person, and their approval, rejection or emergency activation. */
@Path("/api/rules/changes")
@RolesAllowed({Roles.RULE_AUTHOR, Roles.BOARD, Roles.COMPLIANCE})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Rules", description = "The active ruleset, its versions, and changing it safely")
public class RuleChangeResource {

    private final RuleChanges ruleChanges;
    private final RuleLifecycle lifecycle;
    private final SecurityIdentity identity;

    public RuleChangeResource(RuleChanges ruleChanges, RuleLifecycle lifecycle, SecurityIdentity identity) {
        this.lifecycle = lifecycle;
        this.ruleChanges = ruleChanges;
        this.identity = identity;
    }

    @Schema(name = "RuleChangeDecision")
    public record ChangeDecision(@Size(max = 2000) String note) {
    }

    @Schema(name = "EmergencyActivation")
    public record Emergency(@NotBlank(message = "is required: say why this cannot wait for a second person") @Size(max = 2000) String reason) {
    }

    @GET
    @Operation(summary = "Rule changes, newest first", description = "Each with its author, files, checks report and impact on the latest 1,000 decisions.")
    @APIResponse(responseCode = "400", description = "status is not PENDING, ACTIVATED, REJECTED or SUPERSEDED", content = @Content(mediaType = PROBLEM))
    public List<RuleChange> changes(@QueryParam("status") @Parameter(description = "PENDING, ACTIVATED, REJECTED or SUPERSEDED (stale: the folder or the serving version moved on)") String status) {
        return ruleChanges.list(QueryParameters.choice("status", status, RuleChange.Status.class));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One rule change")
    @APIResponse(responseCode = "404", description = "No such change", content = @Content(mediaType = PROBLEM))
    public RuleChange change(@PathParam("id") String id) {
        return ruleChanges.find(Identifiers.uuid("id", id))
                .orElseThrow(() -> Problems.of(Response.Status.NOT_FOUND, "No rule change with id " + id));
    }

    @POST
    @Path("/{id}/approve")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.RULE_AUTHOR, Roles.BOARD})
    @Operation(summary = "Approve a pending rule change, which activates it", description = "Not by its author. Refused when another version serves since the change was proposed.")
    @APIResponse(responseCode = "200", description = "ACTIVATED")
    @APIResponse(responseCode = "403", description = "The caller proposed the change", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "Not pending, or the rules changed since it was proposed (the change is then SUPERSEDED)", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "503", description = BUSY + "; the change stays pending", content = @Content(mediaType = PROBLEM))
    public RuleChange approve(@PathParam("id") String id, ChangeDecision decision) {
        return lifecycle.approve(Identifiers.uuid("id", id), actor(), decision.note());
    }

    @POST
    @Path("/{id}/reject")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.RULE_AUTHOR, Roles.BOARD})
    @Operation(summary = "Reject a pending rule change (its author may withdraw it this way)")
    @APIResponse(responseCode = "409", description = "Not pending", content = @Content(mediaType = PROBLEM))
    public RuleChange reject(@PathParam("id") String id, ChangeDecision decision) {
        return lifecycle.reject(Identifiers.uuid("id", id), actor(), decision.note());
    }

    @POST
    @Path("/{id}/emergency-activation")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Activate a pending rule change without a second person, in an emergency",
            description = "Recorded as EMERGENCY_ACTIVATION with the administrator and the reason, and shown with the active ruleset.")
    @APIResponse(responseCode = "400", description = "No reason given", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "Not pending, or the rules changed since it was proposed (the change is then SUPERSEDED)", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "503", description = BUSY + "; the change stays pending", content = @Content(mediaType = PROBLEM))
    public RuleChange emergencyActivation(@PathParam("id") String id, Emergency emergency) {
        return lifecycle.activateInEmergency(Identifiers.uuid("id", id), actor(), emergency.reason());
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }
}
