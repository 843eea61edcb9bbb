package io.aigov.ruleset.rest;

import static io.aigov.ruleset.rest.RulesProblems.PROBLEM;

import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.aigov.api.rest.Problems;
import io.aigov.api.rest.QueryParameters;
import io.aigov.decision.model.Declarations;
import io.aigov.decision.model.Question;
import io.aigov.decision.rulefile.RuleFile;
import io.aigov.ruleset.RulesetOrigin;
import io.aigov.ruleset.history.RulesetEvent;
import io.aigov.ruleset.history.RulesetHistory;
import io.aigov.ruleset.history.StoredRulesetVersion;
import io.aigov.ruleset.service.ActiveRuleset;
import io.aigov.ruleset.service.RuleAuthoringService;
import io.aigov.ruleset.service.RuleChanges;
import io.aigov.ruleset.service.RuleLifecycle;
import io.aigov.ruleset.validation.CandidateReport;
import io.aigov.shared.Roles;

/** The active ruleset, every version that has served, and what happened to the rules. */
@Path("/api/rules")
@RolesAllowed({Roles.RULE_AUTHOR, Roles.BOARD, Roles.COMPLIANCE})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Rules", description = "The active ruleset, its versions, and changing it safely")
public class RulesetResource {

    private final ActiveRuleset activeRuleset;
    private final RuleAuthoringService authoring;
    private final RulesetHistory history;
    private final RuleChanges ruleChanges;
    private final RuleLifecycle lifecycle;

    public RulesetResource(ActiveRuleset activeRuleset, RuleAuthoringService authoring, RulesetHistory history, RuleChanges ruleChanges,
            RuleLifecycle lifecycle) {
        this.activeRuleset = activeRuleset;
        this.authoring = authoring;
        this.history = history;
        this.ruleChanges = ruleChanges;
        this.lifecycle = lifecycle;
    }

    /**
     * @param regimes       what the rules can expose a use case to, each with its title and levels
     * @param jurisdictions what a request's jurisdictions may name, each with the one it is within
     * @param capabilities  what a request's capabilities may name
     */
    public record ActiveView(String version, RulesetOrigin.Source source, String location, Instant activatedAt,
            List<String> files, List<Declarations.DeclaredRegime> regimes, List<Declarations.DeclaredJurisdiction> jurisdictions,
            List<Declarations.DeclaredCapability> capabilities, List<Question> questions,
            List<Declarations.DeclaredObligation> obligations) {
    }

    public record FailedAttemptView(Instant at, RulesetOrigin.Source source, String location, CandidateReport report) {
    }

    /**
     * @param approvalRequired        whether rule changes wait for a second person
     * @param pendingChanges          changes waiting for approval
     * @param lastEmergencyActivation the latest change an administrator activated alone, if any
     */
    public record StatusView(ActiveView active, FailedAttemptView lastFailedAttempt, boolean approvalRequired, long pendingChanges,
            RulesetEvent lastEmergencyActivation) {
    }

    public record VersionSummaryView(String id, Instant firstActivatedAt, RulesetOrigin.Source source, String origin,
            String activatedBy, List<String> files) {
    }

    public record DiffView(String from, String to, List<RuleAuthoringService.FileDiff> files) {
    }

    @GET
    @Operation(summary = "The active ruleset with the regimes, jurisdictions, capabilities, questions and obligations its rules declare, and the last candidate that failed to activate since")
    @APIResponse(responseCode = "200", description = "Active version; lastFailedAttempt is null when the latest attempt succeeded")
    public StatusView status() {
        ActiveRuleset.Active active = activeRuleset.active();
        FailedAttemptView failure = lifecycle.lastFailure()
                .map(f -> new FailedAttemptView(f.at(), f.origin().source(), f.origin().location(), f.report()))
                .orElse(null);
        Declarations declared = active.ruleset().declarations();
        return new StatusView(new ActiveView(active.ruleset().version(), active.origin().source(), active.origin().location(),
                active.activatedAt(), active.ruleset().files().stream().map(RuleFile::name).toList(), declared.regimes(),
                declared.jurisdictions(), declared.capabilities(), declared.questions(), declared.obligations()), failure,
                lifecycle.approvalRequired(), ruleChanges.pendingCount(),
                history.lastEmergencyActivation().orElse(null));
    }

    @GET
    @Path("/versions")
    @Operation(summary = "Every ruleset version that has been active, newest first")
    public List<VersionSummaryView> versions() {
        return history.versions().stream().map(v -> new VersionSummaryView(v.id, v.firstActivatedAt, v.source, v.origin,
                v.activatedBy, v.files.stream().map(RuleFile::name).toList())).toList();
    }

    @GET
    @Path("/versions/{id}")
    @Operation(summary = "One stored version with the content of every file")
    @APIResponse(responseCode = "404", description = "No such version", content = @Content(mediaType = PROBLEM))
    public StoredRulesetVersion version(@PathParam("id") String id) {
        return history.version(id).orElseThrow(() -> Problems.of(Response.Status.NOT_FOUND, "No ruleset version " + id));
    }

    @GET
    @Path("/versions/{from}/diff/{to}")
    @Operation(summary = "A unified diff per file between two stored versions")
    @APIResponse(responseCode = "404", description = "Either version is unknown", content = @Content(mediaType = PROBLEM))
    public DiffView diff(@PathParam("from") String from, @PathParam("to") String to) {
        List<RuleAuthoringService.FileDiff> files = authoring.diff(from, to)
                .orElseThrow(() -> Problems.of(Response.Status.NOT_FOUND, "Both " + from + " and " + to + " must be stored versions"));
        return new DiffView(from, to, files);
    }

    @GET
    @Path("/events")
    @Operation(summary = "Activations, rejections and uploads, newest first, with who and when")
    public List<RulesetEvent> events(@QueryParam("limit") @DefaultValue("100") @Parameter(description = "1 to 1000") String limit) {
        return history.events(QueryParameters.intInRange("limit", limit, 1, 1000));
    }
}
