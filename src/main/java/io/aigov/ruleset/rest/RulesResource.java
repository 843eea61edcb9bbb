package io.aigov.ruleset.rest;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
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
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import io.quarkiverse.resteasy.problem.HttpProblem;
import io.quarkus.security.identity.SecurityIdentity;

import io.aigov.access.Roles;
import io.aigov.api.Identifiers;
import io.aigov.api.Problems;
import io.aigov.api.QueryParameters;
import io.aigov.api.Violation;
import io.aigov.decision.ruleset.ControlCharacters;
import io.aigov.decision.ruleset.InvalidRulesetException;
import io.aigov.decision.ruleset.RuleFile;
import io.aigov.decision.ruleset.RulesetCandidate;
import io.aigov.ruleset.RulesetOrigin;
import io.aigov.ruleset.history.RuleChange;
import io.aigov.ruleset.history.RulesetEvent;
import io.aigov.ruleset.history.RulesetHistory;
import io.aigov.ruleset.history.StoredRulesetVersion;
import io.aigov.ruleset.service.ActiveRuleset;
import io.aigov.ruleset.service.ImpactAnalysis;
import io.aigov.ruleset.service.RuleAuthoringService;
import io.aigov.ruleset.service.RuleChanges;
import io.aigov.ruleset.validation.CandidateReport;

@Path("/api/rules")
@RolesAllowed({Roles.RULE_AUTHOR, Roles.BOARD, Roles.COMPLIANCE})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Rules", description = "The active ruleset, its versions, and changing it safely")
public class RulesResource {

    private static final String PROBLEM = "application/problem+json";

    private final ActiveRuleset activeRuleset;
    private final RuleAuthoringService authoring;
    private static final int DEFAULT_IMPACT_LIMIT = 1_000;
    private static final int MAX_IMPACT_LIMIT = 100_000;

    private final RulesetHistory history;
    private final ImpactAnalysis impactAnalysis;

    private final SecurityIdentity identity;
    private final RuleChanges ruleChanges;

    public RulesResource(ActiveRuleset activeRuleset, RuleAuthoringService authoring, RulesetHistory history,
            ImpactAnalysis impactAnalysis, SecurityIdentity identity, RuleChanges ruleChanges) {
        this.identity = identity;
        this.ruleChanges = ruleChanges;
        this.activeRuleset = activeRuleset;
        this.authoring = authoring;
        this.history = history;
        this.impactAnalysis = impactAnalysis;
    }

    public record ActiveView(String version, RulesetOrigin.Source source, String location, Instant activatedAt,
            List<String> files) {
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

    /** @param change the change waiting for approval, when outcome is PENDING_APPROVAL */
    public record OutcomeView(Enum<?> outcome, CandidateReport report, RuleChange change) {
    }

    @Schema(name = "RuleChangeDecision")
    public record ChangeDecision(@Size(max = 2000) String note) {
    }

    @Schema(name = "EmergencyActivation")
    public record Emergency(@NotBlank(message = "is required: say why this cannot wait for a second person") @Size(max = 2000) String reason) {
    }

    public record ValidationView(boolean passed, CandidateReport report) {
    }

    public record DiffView(String from, String to, List<RuleAuthoringService.FileDiff> files) {
    }

    @GET
    @Operation(summary = "The active ruleset, and the last candidate that failed to activate since")
    @APIResponse(responseCode = "200", description = "Active version; lastFailedAttempt is null when the latest attempt succeeded")
    public StatusView status() {
        ActiveRuleset.Active active = activeRuleset.active();
        FailedAttemptView failure = activeRuleset.lastFailure()
                .map(f -> new FailedAttemptView(f.at(), f.origin().source(), f.origin().location(), f.report()))
                .orElse(null);
        return new StatusView(new ActiveView(active.ruleset().version(), active.origin().source(), active.origin().location(),
                active.activatedAt(), active.ruleset().files().stream().map(RuleFile::name).toList()), failure,
                ruleChanges.approvalRequired(), ruleChanges.pendingCount(),
                history.lastEmergencyActivation().orElse(null));
    }

    @POST
    @RolesAllowed(Roles.RULE_AUTHOR)
    @Path("/reload")
    @Operation(summary = "Re-read the rules folder now", description = "A changed folder that passes is proposed for approval (or, with approval off, activated).")
    @APIResponse(responseCode = "200", description = "ACTIVATED or UNCHANGED, with the candidate's report")
    @APIResponse(responseCode = "202", description = "PENDING_APPROVAL: the change waits for a second person")
    @APIResponse(responseCode = "422", description = "The folder's rules failed; the previous version keeps serving", content = @Content(mediaType = PROBLEM))
    public Response reload() {
        RuleChanges.Submission submission = ruleChanges.submitFolder(actor());
        if (submission.outcome() == ActiveRuleset.Outcome.REJECTED) {
            throw rejected("The rules folder's candidate was not activated", submission.report());
        }
        return outcome(submission.outcome(), submission.report(), submission.change());
    }

    @POST
    @RolesAllowed(Roles.RULE_AUTHOR)
    @Path("/validate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Check a candidate ruleset (safety, compilation, golden cases) without activating it")
    @APIResponse(responseCode = "200", description = "The report; passed says whether it could be activated")
    @APIResponse(responseCode = "400", description = "Malformed request or a file name that is not a rule file", content = @Content(mediaType = PROBLEM))
    public ValidationView validate(CandidateFiles candidate) {
        CandidateReport report = authoring.validate(toCandidate(candidate));
        return new ValidationView(report.passed(), report);
    }

    @POST
    @RolesAllowed(Roles.RULE_AUTHOR)
    @Path("/impact")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replay the latest audited inputs against a candidate and list the decisions it would change",
            description = "limit: how many of the latest evaluations to replay (default 1,000, at most 100,000). Nothing is written.")
    @APIResponse(responseCode = "200", description = "How many decisions change, and for each: id, old and new approach, verdict and exposures")
    @APIResponse(responseCode = "422", description = "The candidate is unsafe or does not compile, so it was not run", content = @Content(mediaType = PROBLEM))
    public ImpactAnalysis.Impact impact(CandidateFiles candidate) {
        ImpactAnalysis.Impact impact = impactAnalysis.analyse(toCandidate(candidate),
                candidate.limit() == null ? DEFAULT_IMPACT_LIMIT : candidate.limit());
        if (!impact.report().runnable()) {
            throw rejected("The candidate cannot be run", impact.report());
        }
        return impact;
    }

    @POST
    @RolesAllowed(Roles.RULE_AUTHOR)
    @Path("/validate")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Check a candidate ruleset sent as files (one part named file per file)",
            description = "Each part's file name is the file's name in the rules folder; send golden cases as tests/<name>.json.")
    @APIResponse(responseCode = "200", description = "The report; passed says whether it could be activated")
    @APIResponse(responseCode = "400", description = "No files, or a file that is not a rule file, not UTF-8 or holds a control character", content = @Content(mediaType = PROBLEM))
    public ValidationView validateFiles(@RestForm("file") List<FileUpload> files) throws IOException {
        return validate(uploaded(files));
    }

    @POST
    @RolesAllowed(Roles.RULE_AUTHOR)
    @Path("/impact")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Impact of a candidate sent as files (one part named file per file, and an optional limit)")
    @APIResponse(responseCode = "200", description = "How many decisions change, and which")
    @APIResponse(responseCode = "400", description = "No files, a file that is not a rule file, not UTF-8 or holds a control character, or a limit out of range", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "422", description = "The candidate is unsafe or does not compile, so it was not run", content = @Content(mediaType = PROBLEM))
    public ImpactAnalysis.Impact impactOfFiles(@RestForm("file") List<FileUpload> files, @RestForm("limit") String limit)
            throws IOException {
        int replays = limit == null || limit.isBlank() ? DEFAULT_IMPACT_LIMIT
                : QueryParameters.intInRange("limit", "form", limit, 1, MAX_IMPACT_LIMIT);
        return impact(new CandidateFiles(uploaded(files).files(), replays));
    }

    @PUT
    @RolesAllowed(Roles.RULE_AUTHOR)
    @Path("/files/{name: .+}")
    @Consumes({ MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM })
    @Operation(summary = "Replace one file of the rules folder", description = "The folder's files with this one replaced go through the same safety check, compilation and golden cases as a saved edit; only an accepted file is written to the folder.")
    @APIResponse(responseCode = "200", description = "ACTIVATED or UNCHANGED")
    @APIResponse(responseCode = "202", description = "PENDING_APPROVAL: checked, waits for a second person; written to the folder when approved")
    @APIResponse(responseCode = "400", description = "Not a rule file name, or a control character in the name or the text", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "The service runs on its bundled rules and has no folder to write to", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "422", description = "The candidate failed; nothing was written and the previous version keeps serving", content = @Content(mediaType = PROBLEM))
    public Response upload(@PathParam("name") @Parameter(description = "e.g. thresholds.properties, approach-factors.drl, tests/legal-review.json") String name,
            String content) {
        ControlCharacters.problemIn(content == null ? "" : content).ifPresent(problem -> {
            throw Problems.invalidParameter("body", "body", problem);
        });
        RuleAuthoringService.Upload upload;
        try {
            upload = authoring.upload(name, content, new RulesetOrigin(RulesetOrigin.Source.API, "/api/rules/files/" + name, actor()));
        } catch (InvalidRulesetException e) {
            throw Problems.invalidParameter("name", "path", e.problems().get(0).message());
        }
        switch (upload.outcome()) {
            case NO_RULES_FOLDER -> throw Problems.of(Response.Status.CONFLICT,
                    "The service runs on its bundled rules: there is no rules folder to write " + name + " to");
            case REJECTED -> throw rejected(name + " was not accepted; nothing was written", upload.report());
            default -> {
                return outcome(upload.outcome(), upload.report(), upload.change());
            }
        }
    }

    public record VersionSummaryView(String id, Instant firstActivatedAt, RulesetOrigin.Source source, String origin,
            String activatedBy, List<String> files) {
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

    private static CandidateFiles uploaded(List<FileUpload> uploads) throws IOException {
        if (uploads == null || uploads.isEmpty()) {
            throw Problems.invalidParameter("file", "form", "must be given once per file of the candidate");
        }
        List<CandidateFiles.File> files = new ArrayList<>();
        List<Violation> violations = new ArrayList<>();
        for (int i = 0; i < uploads.size(); i++) {
            FileUpload upload = uploads.get(i);
            String field = "file[" + i + "]";
            String content;
            try {
                content = Files.readString(upload.uploadedFile(), StandardCharsets.UTF_8);
            } catch (CharacterCodingException e) {
                violations.add(new Violation(field, "form", upload.fileName() + " is not UTF-8 text"));
                continue;
            }
            ControlCharacters.problemIn(upload.fileName())
                    .ifPresent(problem -> violations.add(new Violation(field, "form", "its file name " + problem)));
            ControlCharacters.problemIn(content).ifPresent(problem -> violations.add(new Violation(field, "form", upload.fileName() + " " + problem)));
            files.add(new CandidateFiles.File(upload.fileName(), content));
        }
        if (!violations.isEmpty()) {
            throw Problems.badRequest("The candidate holds files that cannot be rule files", violations);
        }
        return new CandidateFiles(files, null);
    }

    static RulesetCandidate toCandidate(CandidateFiles candidate) {
        try {
            return RulesetCandidate.of(candidate.files().stream().map(f -> new RuleFile(f.name(), f.content())).toList());
        } catch (InvalidRulesetException e) {
            throw Problems.badRequest("The candidate holds files that are not rule files",
                    e.problems().stream().map(p -> new Violation("files", "body", p.file() + " " + p.message())).toList());
        }
    }

    private static HttpProblem rejected(String detail, CandidateReport report) {
        return HttpProblem.builder().withStatus(422).withTitle("Unprocessable Entity").withDetail(detail + ": " + report.summary())
                .with("report", report).build();
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }

    @GET
    @Path("/changes")
    @Operation(summary = "Rule changes, newest first", description = "Each with its author, files, checks report and impact on the latest 1,000 decisions.")
    @APIResponse(responseCode = "400", description = "status is not PENDING, ACTIVATED, REJECTED or SUPERSEDED", content = @Content(mediaType = PROBLEM))
    public List<RuleChange> changes(@QueryParam("status") @Parameter(description = "PENDING, ACTIVATED, REJECTED or SUPERSEDED (stale: the folder or the serving version moved on)") String status) {
        return ruleChanges.list(QueryParameters.choice("status", status, RuleChange.Status.class));
    }

    @GET
    @Path("/changes/{id}")
    @Operation(summary = "One rule change")
    @APIResponse(responseCode = "404", description = "No such change", content = @Content(mediaType = PROBLEM))
    public RuleChange change(@PathParam("id") String id) {
        return ruleChanges.find(Identifiers.uuid("id", id))
                .orElseThrow(() -> Problems.of(Response.Status.NOT_FOUND, "No rule change with id " + id));
    }

    @POST
    @Path("/changes/{id}/approve")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.RULE_AUTHOR, Roles.BOARD})
    @Operation(summary = "Approve a pending rule change, which activates it", description = "Not by its author. Refused when another version serves since the change was proposed.")
    @APIResponse(responseCode = "200", description = "ACTIVATED")
    @APIResponse(responseCode = "403", description = "The caller proposed the change", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "Not pending, or the rules changed since it was proposed (the change is then SUPERSEDED)", content = @Content(mediaType = PROBLEM))
    public RuleChange approve(@PathParam("id") String id, ChangeDecision decision) {
        return ruleChanges.approve(Identifiers.uuid("id", id), actor(), decision.note());
    }

    @POST
    @Path("/changes/{id}/reject")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.RULE_AUTHOR, Roles.BOARD})
    @Operation(summary = "Reject a pending rule change (its author may withdraw it this way)")
    @APIResponse(responseCode = "409", description = "Not pending", content = @Content(mediaType = PROBLEM))
    public RuleChange reject(@PathParam("id") String id, ChangeDecision decision) {
        return ruleChanges.reject(Identifiers.uuid("id", id), actor(), decision.note());
    }

    @POST
    @Path("/changes/{id}/emergency-activation")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Activate a pending rule change without a second person, in an emergency",
            description = "Recorded as EMERGENCY_ACTIVATION with the administrator and the reason, and shown with the active ruleset.")
    @APIResponse(responseCode = "400", description = "No reason given", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "Not pending, or the rules changed since it was proposed (the change is then SUPERSEDED)", content = @Content(mediaType = PROBLEM))
    public RuleChange emergencyActivation(@PathParam("id") String id, Emergency emergency) {
        return ruleChanges.activateInEmergency(Identifiers.uuid("id", id), actor(), emergency.reason());
    }

    private static Response outcome(Enum<?> outcome, CandidateReport report, RuleChange change) {
        OutcomeView view = new OutcomeView(outcome, report, change);
        return (change != null ? Response.accepted(view) : Response.ok(view)).build();
    }
}
