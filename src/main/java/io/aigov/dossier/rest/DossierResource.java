package io.aigov.dossier.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.aigov.api.rest.Identifiers;
import io.aigov.api.rest.Problems;
import io.aigov.dossier.service.DossierNotFoundException;
import io.aigov.dossier.service.DossierService;
import io.aigov.shared.Roles;

@Path("/api/dossiers")
@Tag(name = "Dossiers", description = "A use case's dossier: a PDF for people, a ZIP an auditor verifies offline")
public class DossierResource {

    private static final String PROBLEM = "application/problem+json";

    private final DossierService dossiers;

    public DossierResource(DossierService dossiers) {
        this.dossiers = dossiers;
    }

    @GET
    @Path("/{useCaseId}")
    @Produces("application/zip")
    @RolesAllowed({ Roles.BOARD, Roles.COMPLIANCE })
    @Operation(summary = "A use case's dossier for auditors, as a ZIP",
            description = "The use case's records of the audit chain, each with the records after it up to a signed checkpoint, its evidence files, the checkpoints,"
                    + " the public key, the PDF and a signed manifest of every file's SHA-256; `java -jar quarkus-run.jar verify-dossier <zip>` checks it offline.")
    @APIResponse(responseCode = "200", description = "The ZIP, as an attachment")
    @APIResponse(responseCode = "404", description = "No such use case", content = @Content(mediaType = PROBLEM))
    public Response zip(@PathParam("useCaseId") String useCaseId) {
        var id = Identifiers.uuid("useCaseId", useCaseId);
        DossierService.Contents contents = dossiers.contents(id);
        StreamingOutput body = out -> dossiers.zip(contents, out);
        return Response.ok(body, "application/zip").header("Content-Disposition", "attachment; filename=\"dossier-" + id + ".zip\"").build();
    }

    @GET
    @Path("/{useCaseId}/pdf")
    @Produces("application/pdf")
    @RolesAllowed({ Roles.BOARD, Roles.COMPLIANCE })
    @Operation(summary = "A use case's dossier for people, as a PDF: the use case, every decision with its fired rules, reasons and citations, each control with its evidence and attestation, the history")
    @APIResponse(responseCode = "200", description = "The PDF, as an attachment")
    @APIResponse(responseCode = "404", description = "No such use case", content = @Content(mediaType = PROBLEM))
    public Response pdf(@PathParam("useCaseId") String useCaseId) {
        var id = Identifiers.uuid("useCaseId", useCaseId);
        return Response.ok(dossiers.pdf(id), "application/pdf").header("Content-Disposition", "attachment; filename=\"dossier-" + id + ".pdf\"")
                .build();
    }

    @ServerExceptionMapper
    public Response notFound(DossierNotFoundException e) {
        return Problems.of(Response.Status.NOT_FOUND, e.getMessage()).toResponse();
    }
}
