package io.aigov.control.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.aigov.api.rest.Problems;
import io.aigov.control.service.FrameworkCoverage;
import io.aigov.decision.model.Declarations.DeclaredFramework;
import io.aigov.shared.Roles;

@Path("/api/frameworks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Frameworks", description = "Frameworks of controls (ISO/IEC 42001, NIST AI RMF) the packs map obligations to, and the inventory's coverage of each")
public class FrameworkResource {

    private final FrameworkCoverage coverage;

    public FrameworkResource(FrameworkCoverage coverage) {
        this.coverage = coverage;
    }

    @GET
    @RolesAllowed({ Roles.BOARD, Roles.COMPLIANCE })
    @Operation(summary = "The frameworks the active rules declare, each control with the obligations mapped to it")
    public List<DeclaredFramework> list() {
        return coverage.frameworks();
    }

    @GET
    @Path("/{code}/coverage")
    @RolesAllowed({ Roles.BOARD, Roles.COMPLIANCE })
    @Operation(summary = "A framework's coverage", description = "For each of its controls: the use cases whose live controls meet an obligation mapped to it,"
            + " and how many of those controls there are, how many are evidenced (evidenced, attested or accepted), accepted, not applicable and overdue.")
    @APIResponse(responseCode = "404", description = "The active rules declare no such framework", content = @Content(mediaType = "application/problem+json"))
    public FrameworkCoverage.Coverage coverage(@PathParam("code") String code) {
        return coverage.of(code).orElseThrow(() -> Problems.of(Response.Status.NOT_FOUND, "The active rules declare no framework " + code
                + "; they declare " + coverage.frameworks().stream().map(DeclaredFramework::code).toList()));
    }
}
