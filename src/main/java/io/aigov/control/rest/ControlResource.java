package io.aigov.control.rest;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

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

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;

import io.aigov.api.rest.Identifiers;
import io.aigov.api.rest.Problems;
import io.aigov.api.rest.QueryParameters;
import io.aigov.control.Control;
import io.aigov.control.ControlEvidence;
import io.aigov.control.ControlStatus;
import io.aigov.control.service.ControlDeadlines;
import io.aigov.control.service.ControlService;
import io.aigov.control.service.UseCases;
import io.aigov.decision.model.Declarations.EvidenceKind;
import io.aigov.shared.Roles;
import io.aigov.shared.SentValues;

@Path("/api/controls")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Controls", description = "The obligations of inventoried use cases as controls: evidence, attestation by the owner, review by compliance")
public class ControlResource {

    private static final String PROBLEM = "application/problem+json";
    private static final int MAX_PAGE_SIZE = 100;

    @Schema(name = "ControlOwner")
    public record OwnerBody(@NotBlank(message = "is required") @Size(max = 100) @Schema(description = "The account that shows evidence and attests") String owner) {
    }

    @Schema(name = "EvidenceLink")
    public record LinkBody(@NotBlank(message = "is required") @Size(max = 2000) @Schema(description = "http or https") String url,
            @Schema(description = "The day what the link shows was retrieved; today when not given") LocalDate retrievedOn,
            @Size(max = 2000) String note) {
    }

    @Schema(name = "Attestation")
    public record AttestationBody(@NotBlank(message = "is required") @Size(max = 3900)
    @Schema(description = "What the owner attests, the words after \"I attest that\"", example = "the bias audit of 2026-11-20 covers this tool as used") String statement) {
    }

    @Schema(name = "Review")
    public record ReviewBody(@Size(max = 2000) String note) {
    }

    @Schema(name = "Reason")
    public record ReasonBody(@NotBlank(message = "is required") @Size(max = 2000) String reason) {
    }

    public record EvidenceView(UUID id, int cycle, ControlEvidence.Kind kind, String name,
            @Schema(description = "As sniffed from the file's bytes") String contentType, Long size, String sha256, String url,
            LocalDate retrievedOn, String note, String addedBy, Instant addedAt,
            @Schema(description = "Where the file is downloaded; none for a link") String download) {
    }

    public record ControlView(UUID id, UUID useCaseId, String useCaseTitle, String obligationId, String regime, String title, String citation,
            List<EvidenceKind> evidenceKinds, Integer recurrenceMonths, LocalDate appliesFrom, String owner, LocalDate dueOn,
            ControlStatus status, int cycle,
            @Schema(description = "The kinds of evidence the current cycle still lacks before its owner may attest") Set<EvidenceKind> missingEvidence,
            String notApplicableReason, String attestation, String attestedBy, Instant attestedAt, String reviewedBy, Instant reviewedAt,
            String reviewNote, Instant openedAt, UUID openedByEvaluation, Instant closedAt, String closedReason, Instant updatedAt,
            @Schema(description = "Every cycle's evidence, oldest first; only in a single control's view") List<EvidenceView> evidence) {
    }

    public record HistoryEntry(@Schema(description = "The audit record's id") UUID id, long seq, Instant at, String actor, String type,
            Map<String, Object> details) {
    }

    private final ControlService controls;
    private final ControlDeadlines deadlines;
    private final SecurityIdentity identity;
    private final UseCases useCases;

    public ControlResource(ControlService controls, ControlDeadlines deadlines, SecurityIdentity identity, UseCases useCases) {
        this.useCases = useCases;
        this.controls = controls;
        this.deadlines = deadlines;
        this.identity = identity;
    }

    @GET
    @RolesAllowed({ Roles.SUBMITTER, Roles.BOARD, Roles.COMPLIANCE })
    @Operation(summary = "List controls", description = "By use case, status or owner; the longest unchanged first. Compliance's review queue is status=ATTESTED."
            + " A submitter who is neither board nor compliance sees the controls they own and those of the use cases they submitted.")
    @APIResponse(responseCode = "400", description = "A parameter is invalid; it is named", content = @Content(mediaType = PROBLEM))
    public List<ControlView> list(
            @QueryParam("useCase") @Parameter(description = "A use case's id: its controls, live ones first") String useCase,
            @QueryParam("status") @Parameter(description = "OPEN, IN_PROGRESS, EVIDENCED, ATTESTED, ACCEPTED, NOT_APPLICABLE, OVERDUE or CLOSED") String status,
            @QueryParam("owner") @Parameter(description = "The owner's account") String owner,
            @QueryParam("page") @DefaultValue("0") @Parameter(description = "Page number, from 0") String page,
            @QueryParam("size") @DefaultValue("50") @Parameter(description = "Page size, 1 to 100") String size) {
        ControlStatus wanted = QueryParameters.choice("status", status, ControlStatus.class);
        String ownedBy = SentValues.blankToNull(owner);
        int pageNumber = QueryParameters.intInRange("page", page, 0, Integer.MAX_VALUE);
        int pageSize = QueryParameters.intInRange("size", size, 1, MAX_PAGE_SIZE);
        List<Control> found;
        if (useCase != null) {
            UUID useCaseId = Identifiers.uuid("useCase", useCase);
            found = controls.ofUseCase(useCaseId).stream().filter(control -> wanted == null || control.status == wanted)
                    .filter(control -> ownedBy == null || control.owner.equals(ownedBy)).filter(this::mayRead).toList();
        } else if (seesAll()) {
            found = controls.list(wanted, ownedBy, pageNumber, pageSize);
        } else {
            found = controls.list(wanted, actor(), pageNumber, pageSize);
        }
        Map<UUID, String> titles = useCases.titles(found.stream().map(control -> control.useCaseId).toList());
        Map<UUID, Set<EvidenceKind>> missing = controls.missingEvidence(found.stream().filter(control -> control.status.awaitsOwner()).toList());
        return found.stream().map(control -> view(control, titles.get(control.useCaseId), missing.getOrDefault(control.id, Set.of()), false))
                .toList();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Roles.SUBMITTER, Roles.BOARD, Roles.COMPLIANCE })
    @Operation(summary = "A control with every cycle's evidence")
    @APIResponse(responseCode = "404", description = "No such control, or not one the caller may see", content = @Content(mediaType = PROBLEM))
    public ControlView get(@PathParam("id") String id) {
        return view(readable(id), true);
    }

    @GET
    @Path("/{id}/history")
    @RolesAllowed({ Roles.SUBMITTER, Roles.BOARD, Roles.COMPLIANCE })
    @Operation(summary = "What happened to a control, oldest first, as the audit chain records it")
    @APIResponse(responseCode = "404", description = "No such control, or not one the caller may see", content = @Content(mediaType = PROBLEM))
    public List<HistoryEntry> history(@PathParam("id") String id) {
        return controls.history(readable(id).id).stream()
                .map(record -> new HistoryEntry(record.id, record.seq, record.evaluatedAt, record.requestedBy, record.event.type(),
                        record.event.details()))
                .toList();
    }

    @GET
    @Path("/{id}/evidence/{evidenceId}")
    @Produces(MediaType.WILDCARD)
    @RolesAllowed({ Roles.SUBMITTER, Roles.BOARD, Roles.COMPLIANCE })
    @Operation(summary = "Download an evidence file", description = "Always as an attachment, with its sniffed type, no sniffing by the browser and a sandbox: a file is never shown or run in the console.")
    @APIResponse(responseCode = "200", description = "The file's bytes; the X-Evidence-SHA256 header holds the hash the audit chain recorded")
    @APIResponse(responseCode = "404", description = "No such file on this control", content = @Content(mediaType = PROBLEM))
    public Response download(@PathParam("id") String id, @PathParam("evidenceId") String evidenceId) {
        Control control = readable(id);
        ControlEvidence evidence = controls.evidence(control.id, Identifiers.uuid("evidenceId", evidenceId)).filter(item -> item.content != null)
                .orElseThrow(() -> Problems.of(Response.Status.NOT_FOUND, "No evidence file " + evidenceId + " on control " + id));
        return Response.ok(evidence.content, evidence.contentType)
                .header("Content-Disposition", attachment(evidence.name))
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "sandbox; default-src 'none'")
                .header("Cache-Control", "private, no-store")
                .header("X-Evidence-SHA256", evidence.sha256).build();
    }

    @PUT
    @Path("/{id}/owner")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.COMPLIANCE)
    @Operation(summary = "Give a control to another owner")
    @APIResponse(responseCode = "400", description = "No such account; the field is named", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "Closed, or attested and waiting for review", content = @Content(mediaType = PROBLEM))
    public ControlView assign(@PathParam("id") String id, OwnerBody body) {
        return view(controls.assignOwner(Identifiers.uuid("id", id), body.owner().strip(), actor()), true);
    }

    @POST
    @Path("/{id}/evidence")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Authenticated
    @Operation(summary = "Add a file as evidence", description = "Multipart fields: file, kind (DOCUMENT or TEST_RESULT), note. Only the control's owner."
            + " The file's type is sniffed from its bytes and must be one kept (aigov.controls.evidence-types); its SHA-256 enters the audit chain.")
    @APIResponse(responseCode = "201", description = "Added")
    @APIResponse(responseCode = "400", description = "A field is missing or invalid; it is named", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "403", description = "The caller does not own the control", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "Closed, attested or accepted: nothing is asked of its owner now", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "413", description = "Larger than aigov.controls.evidence-max-size", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "415", description = "A type not kept as evidence", content = @Content(mediaType = PROBLEM))
    public Response addFile(@PathParam("id") String id, @RestForm("kind") String kind, @RestForm("file") FileUpload file,
            @RestForm("note") String note) throws IOException {
        UUID controlId = Identifiers.uuid("id", id);
        ControlEvidence.Kind chosen = QueryParameters.choice("kind", kind == null || kind.isBlank() ? "DOCUMENT" : kind,
                ControlEvidence.Kind.class);
        if (file == null || file.uploadedFile() == null) {
            throw Problems.invalidParameter("file", "form", "is required: the evidence file, as a multipart field named file");
        }
        try (InputStream content = Files.newInputStream(file.uploadedFile())) {
            ControlEvidence added = controls.addFile(controlId, chosen, file.fileName(), content, note, actor());
            return Response.status(Response.Status.CREATED).entity(view(added)).build();
        }
    }

    @POST
    @Path("/{id}/links")
    @Consumes(MediaType.APPLICATION_JSON)
    @Authenticated
    @Operation(summary = "Add a link as evidence", description = "Only the control's owner; the link is recorded with the day it was retrieved.")
    @APIResponse(responseCode = "201", description = "Added")
    @APIResponse(responseCode = "400", description = "A field is invalid; it is named", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "403", description = "The caller does not own the control", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "Closed, attested or accepted", content = @Content(mediaType = PROBLEM))
    public Response addLink(@PathParam("id") String id, LinkBody body) {
        ControlEvidence added = controls.addLink(Identifiers.uuid("id", id), body.url(), body.retrievedOn(), body.note(), actor());
        return Response.status(Response.Status.CREATED).entity(view(added)).build();
    }

    @POST
    @Path("/{id}/attestation")
    @Consumes(MediaType.APPLICATION_JSON)
    @Authenticated
    @Operation(summary = "Attest a control", description = "Only its owner, once each kind of evidence the obligation asks for is there. The text signed is \"I attest that \" and the statement.")
    @APIResponse(responseCode = "403", description = "The caller does not own the control", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "Evidence missing (named), or not awaiting its owner", content = @Content(mediaType = PROBLEM))
    public ControlView attest(@PathParam("id") String id, AttestationBody body) {
        return view(controls.attest(Identifiers.uuid("id", id), body.statement(), actor()), true);
    }

    @POST
    @Path("/{id}/acceptance")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.COMPLIANCE)
    @Operation(summary = "Accept an attested control", description = "Compliance, never whoever attested it. A recurring control is due again a period after.")
    @APIResponse(responseCode = "403", description = "The caller attested it", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "Not attested", content = @Content(mediaType = PROBLEM))
    public ControlView accept(@PathParam("id") String id, ReviewBody body) {
        return view(controls.accept(Identifiers.uuid("id", id), body == null ? null : body.note(), actor()), true);
    }

    @POST
    @Path("/{id}/return")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.COMPLIANCE)
    @Operation(summary = "Send an attested control back to its owner, with the reason")
    @APIResponse(responseCode = "403", description = "The caller attested it", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "Not attested", content = @Content(mediaType = PROBLEM))
    public ControlView giveBack(@PathParam("id") String id, ReasonBody body) {
        return view(controls.returnToOwner(Identifiers.uuid("id", id), body.reason(), actor()), true);
    }

    @POST
    @Path("/{id}/not-applicable")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.COMPLIANCE)
    @Operation(summary = "Find that a control does not apply to its use case, with the reason", description = "Compliance, never the control's owner.")
    @APIResponse(responseCode = "403", description = "The caller owns the control", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "Closed, or not applicable already", content = @Content(mediaType = PROBLEM))
    public ControlView notApplicable(@PathParam("id") String id, ReasonBody body) {
        return view(controls.notApplicable(Identifiers.uuid("id", id), body.reason(), actor()), true);
    }

    @POST
    @Path("/deadline-check")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Look at the controls coming due now", description = "Each instance does so every aigov.controls.deadline-check-interval: reminders, recurring controls due again, overdue controls.")
    public ControlDeadlines.Check checkDeadlines() {
        return deadlines.check();
    }

    private boolean mayRead(Control control) {
        return controls.readableBy(control, actor(), seesAll());
    }

    private boolean seesAll() {
        return identity.hasRole(Roles.COMPLIANCE) || identity.hasRole(Roles.BOARD);
    }

    private Control readable(String id) {
        return controls.find(Identifiers.uuid("id", id)).filter(this::mayRead)
                .orElseThrow(() -> Problems.of(Response.Status.NOT_FOUND, "No control with id " + id));
    }

    private ControlView view(Control control, boolean withEvidence) {
        return view(control, useCases.find(control.useCaseId).map(UseCases.UseCase::title).orElse(null),
                control.status.awaitsOwner() ? controls.missingEvidence(control) : Set.of(), withEvidence);
    }

    private ControlView view(Control control, String useCaseTitle, Set<EvidenceKind> missing, boolean withEvidence) {
        List<EvidenceView> evidence = withEvidence ? controls.evidenceOf(control.id).stream().map(ControlResource::view).toList() : null;
        return new ControlView(control.id, control.useCaseId, useCaseTitle, control.obligationId, control.regime,
                control.title, control.citation, control.evidenceKinds, control.recurrenceMonths, control.appliesFrom, control.owner,
                control.dueOn, control.status, control.cycle, missing, control.notApplicableReason, control.attestation, control.attestedBy,
                control.attestedAt, control.reviewedBy, control.reviewedAt, control.reviewNote, control.openedAt, control.openedByEvaluation,
                control.closedAt, control.closedReason, control.updatedAt, evidence);
    }

    private static EvidenceView view(ControlEvidence evidence) {
        return new EvidenceView(evidence.id, evidence.cycle, evidence.kind, evidence.name, evidence.contentType, evidence.size, evidence.sha256,
                evidence.url, evidence.retrievedOn, evidence.note, evidence.addedBy, evidence.addedAt,
                evidence.url == null ? "/api/controls/" + evidence.controlId + "/evidence/" + evidence.id : null);
    }

    /** The name as a header parameter: an ASCII fallback without quotes or separators, and the name itself encoded (RFC 6266). */
    private static String attachment(String name) {
        String fallback = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return "attachment; filename=\"" + fallback + "\"; filename*=UTF-8''" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }
}
