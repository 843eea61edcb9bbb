package io.aigov.console.rest;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

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
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;

import io.aigov.api.rest.Identifiers;
import io.aigov.control.Control;
import io.aigov.control.ControlEvidence;
import io.aigov.control.ControlStatus;
import io.aigov.control.service.ControlRefusedException;
import io.aigov.control.service.ControlService;
import io.aigov.control.service.FrameworkCoverage;
import io.aigov.control.service.UseCases;
import io.aigov.decision.model.Declarations;
import io.aigov.shared.ControlCharacters;
import io.aigov.shared.Roles;

/**
 * Controls in the console: one's own checklist, compliance's queue of attestations to review, a
 * control with its evidence and the actions its owner and compliance may take, and the coverage of
 * each framework.
 */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
@Tag(name = "Console", description = "The web console's pages")
public class ControlPages {

    private static final int LISTED = 100;

    /** A control in a list, with the title of its use case. */
    public record Row(Control control, String useCase) {
    }

    public record ListPage(String heading, String empty, List<Row> rows) {
    }

    /**
     * A control's page: what its owner may do now, and compliance; {@code problem} is why the last
     * action was refused.
     */
    public record Page(Control control, String useCase, List<ControlEvidence> evidence, Set<Declarations.EvidenceKind> missing,
            boolean mayShowEvidence, boolean mayAttest, boolean mayReview, boolean mayFindNotApplicable, boolean mayReassign, String problem) {
    }

    public record CoveragePage(List<Declarations.DeclaredFramework> frameworks, FrameworkCoverage.Coverage coverage) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(ListPage page);

        static native TemplateInstance control(Page page);

        static native TemplateInstance frameworks(CoveragePage page);
    }

    private final ControlService controls;
    private final FrameworkCoverage coverage;
    private final UseCases useCases;
    private final SecurityIdentity identity;

    public ControlPages(ControlService controls, FrameworkCoverage coverage, UseCases useCases, SecurityIdentity identity) {
        this.controls = controls;
        this.coverage = coverage;
        this.useCases = useCases;
        this.identity = identity;
    }

    @GET
    @Path("controls/mine")
    @RolesAllowed({ Roles.SUBMITTER, Roles.BOARD, Roles.COMPLIANCE })
    @Operation(summary = "The controls the signed-in user owns, the longest unchanged first")
    public TemplateInstance mine() {
        return Templates.list(new ListPage("My controls", "You own no control.", rows(controls.list(null, actor(), 0, LISTED))));
    }

    @GET
    @Path("controls/review")
    @RolesAllowed(Roles.COMPLIANCE)
    @Operation(summary = "Compliance's queue: attested controls waiting for review, then overdue ones")
    public TemplateInstance review() {
        List<Row> rows = new ArrayList<>(rows(controls.list(ControlStatus.ATTESTED, null, 0, LISTED)));
        rows.addAll(rows(controls.list(ControlStatus.OVERDUE, null, 0, LISTED)));
        return Templates.list(new ListPage("Controls to review", "No attestation waits for review, and no control is overdue.", rows));
    }

    @GET
    @Path("controls/{id}")
    @RolesAllowed({ Roles.SUBMITTER, Roles.BOARD, Roles.COMPLIANCE })
    @Operation(summary = "A control with its evidence, attestation and review, and the forms its owner and compliance use")
    public TemplateInstance control(@PathParam("id") String id) {
        return Templates.control(page(find(id), null));
    }

    @POST
    @Path("controls/{id}/evidence")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed({ Roles.SUBMITTER, Roles.BOARD, Roles.COMPLIANCE })
    @Operation(summary = "Adds a file as evidence, as the control's owner")
    public Response addFile(@PathParam("id") String id, @RestForm("kind") String kind, @RestForm("note") String note,
            @RestForm("file") FileUpload file) throws IOException {
        Control control = find(id);
        if (file == null || file.uploadedFile() == null || file.size() == 0) {
            return shown(control, 400, "Choose a file to add as evidence.");
        }
        if (note != null && ControlCharacters.problemIn(note).isPresent()) {
            return shown(control, 400, "The note " + ControlCharacters.problemIn(note).get());
        }
        ControlEvidence.Kind chosen = "TEST_RESULT".equals(kind) ? ControlEvidence.Kind.TEST_RESULT : ControlEvidence.Kind.DOCUMENT;
        try (InputStream content = Files.newInputStream(file.uploadedFile())) {
            controls.addFile(control.id, chosen, file.fileName(), content, note, actor());
        } catch (ControlRefusedException refused) {
            return shown(control, refused);
        }
        return back(control);
    }

    @POST
    @Path("controls/{id}/link")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({ Roles.SUBMITTER, Roles.BOARD, Roles.COMPLIANCE })
    @Operation(summary = "Adds a link as evidence, as the control's owner")
    public Response addLink(@PathParam("id") String id, MultivaluedMap<String, String> form) {
        ConsoleForms.requireNoControlCharacters(form);
        Control control = find(id);
        LocalDate retrieved;
        try {
            String day = form.getFirst("retrievedOn");
            retrieved = day == null || day.isBlank() ? null : LocalDate.parse(day.strip());
        } catch (DateTimeParseException e) {
            return shown(control, 400, "The day it was retrieved is not a date like 2026-12-01.");
        }
        return acted(control, () -> controls.addLink(control.id, form.getFirst("url"), retrieved, form.getFirst("note"), actor()));
    }

    @POST
    @Path("controls/{id}/attestation")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({ Roles.SUBMITTER, Roles.BOARD, Roles.COMPLIANCE })
    @Operation(summary = "Attests the control, as its owner")
    public Response attest(@PathParam("id") String id, MultivaluedMap<String, String> form) {
        ConsoleForms.requireNoControlCharacters(form);
        Control control = find(id);
        return acted(control, () -> controls.attest(control.id, form.getFirst("statement"), actor()));
    }

    @POST
    @Path("controls/{id}/acceptance")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.COMPLIANCE)
    @Operation(summary = "Accepts an attested control, as compliance and not its attester")
    public Response accept(@PathParam("id") String id, MultivaluedMap<String, String> form) {
        ConsoleForms.requireNoControlCharacters(form);
        Control control = find(id);
        return acted(control, () -> controls.accept(control.id, form.getFirst("note"), actor()));
    }

    @POST
    @Path("controls/{id}/return")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.COMPLIANCE)
    @Operation(summary = "Sends an attested control back to its owner, with the reason")
    public Response giveBack(@PathParam("id") String id, MultivaluedMap<String, String> form) {
        ConsoleForms.requireNoControlCharacters(form);
        Control control = find(id);
        return acted(control, () -> controls.returnToOwner(control.id, form.getFirst("reason"), actor()));
    }

    @POST
    @Path("controls/{id}/not-applicable")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.COMPLIANCE)
    @Operation(summary = "Finds that a control does not apply to its use case, with the reason")
    public Response notApplicable(@PathParam("id") String id, MultivaluedMap<String, String> form) {
        ConsoleForms.requireNoControlCharacters(form);
        Control control = find(id);
        return acted(control, () -> controls.notApplicable(control.id, form.getFirst("reason"), actor()));
    }

    @POST
    @Path("controls/{id}/owner")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.COMPLIANCE)
    @Operation(summary = "Gives a control to another owner, who shows its evidence and attests from then on")
    public Response reassign(@PathParam("id") String id, MultivaluedMap<String, String> form) {
        ConsoleForms.requireNoControlCharacters(form);
        Control control = find(id);
        String owner = form.getFirst("owner");
        return acted(control, () -> controls.assignOwner(control.id, owner == null ? null : owner.strip(), actor()));
    }

    @GET
    @Path("frameworks")
    @RolesAllowed({ Roles.BOARD, Roles.COMPLIANCE })
    @Operation(summary = "The coverage of a framework (ISO/IEC 42001, NIST AI RMF): per control, the use cases and how many of their controls are evidenced and accepted")
    public TemplateInstance frameworks(@QueryParam("code") String code) {
        List<Declarations.DeclaredFramework> declared = coverage.frameworks();
        String shown = code != null && !code.isBlank() ? code : declared.isEmpty() ? null : declared.get(0).code();
        FrameworkCoverage.Coverage covered = shown == null ? null
                : coverage.of(shown).orElseThrow(() -> new NotFoundException("The active rules declare no framework " + shown));
        return Templates.frameworks(new CoveragePage(declared, covered));
    }

    private Response acted(Control control, Runnable action) {
        try {
            action.run();
        } catch (ControlRefusedException refused) {
            return shown(control, refused);
        }
        return back(control);
    }

    private static Response back(Control control) {
        return Response.seeOther(URI.create("/console/controls/" + control.id)).build();
    }

    private Response shown(Control control, ControlRefusedException refused) {
        int status = switch (refused.reason()) {
            case NOT_FOUND -> 404;
            case NOT_ALLOWED -> 403;
            case CONFLICT -> 409;
            case INVALID -> 400;
            case TOO_LARGE -> 413;
            case UNSUPPORTED_TYPE -> 415;
        };
        String message = refused.reason() == ControlRefusedException.Reason.TOO_LARGE
                || refused.reason() == ControlRefusedException.Reason.UNSUPPORTED_TYPE ? "The file " + refused.getMessage() : refused.getMessage();
        return shown(control, status, message);
    }

    private Response shown(Control control, int status, String problem) {
        return Response.status(status).type(MediaType.TEXT_HTML).entity(Templates.control(page(find(control.id.toString()), problem))).build();
    }

    private Page page(Control control, String problem) {
        boolean owner = control.owner.equals(actor());
        boolean compliance = identity.hasRole(Roles.COMPLIANCE);
        boolean awaitsOwner = control.status.awaitsOwner();
        Set<Declarations.EvidenceKind> missing = awaitsOwner ? controls.missingEvidence(control) : Set.of();
        return new Page(control, useCases.find(control.useCaseId).map(UseCases.UseCase::title).orElse(null), controls.evidenceOf(control.id),
                missing, owner && awaitsOwner, owner && awaitsOwner && missing.isEmpty(),
                compliance && control.status == ControlStatus.ATTESTED && !actor().equals(control.attestedBy),
                compliance && !owner && !control.status.settled(),
                compliance && control.status != ControlStatus.CLOSED && control.status != ControlStatus.ATTESTED, problem);
    }

    /** A control the viewer may see: compliance and the board see all, anyone else those they own or whose use case they submitted. */
    private Control find(String id) {
        return controls.find(Identifiers.uuid("id", id))
                .filter(control -> controls.readableBy(control, actor(), identity.hasRole(Roles.COMPLIANCE) || identity.hasRole(Roles.BOARD)))
                .orElseThrow(() -> new NotFoundException("No control with id " + id));
    }

    private List<Row> rows(List<Control> found) {
        Map<UUID, String> titles = useCases.titles(found.stream().map(control -> control.useCaseId).toList());
        return found.stream().map(control -> new Row(control, titles.get(control.useCaseId))).toList();
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }
}
