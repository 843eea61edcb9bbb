package io.aigov.audit.rest;

import java.io.IOException;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.aigov.api.rest.Problems;
import io.aigov.audit.AuditPartitions;
import io.aigov.shared.Roles;
import io.quarkus.security.identity.SecurityIdentity;

@Path("/api/audit/partitions")
@RolesAllowed(Roles.COMPLIANCE)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit", description = "Search the audit trail of evaluations")
public class AuditRetentionResource {

    private final AuditPartitions partitions;
    private final SecurityIdentity identity;

    public AuditRetentionResource(AuditPartitions partitions, SecurityIdentity identity) {
        this.partitions = partitions;
        this.identity = identity;
    }

    /** @param archived partitions archived and detached earlier, oldest first */
    public record Partitions(List<AuditPartitions.Partition> partitions, List<AuditPartitions.Archive> archived) {
    }

    @GET
    @Operation(summary = "The partitions of the audit chain, oldest first, with until when their records must be kept",
            description = "Each partition holds consecutive sequence numbers [fromSeq, toSeq). retainedUntil is the newest record's time plus its kind's retention period, the latest over the kinds in it; expired partitions can be archived.")
    @APIResponse(responseCode = "200", description = "The attached partitions and the archived ones")
    public Partitions list() {
        return new Partitions(partitions.list(), partitions.archives());
    }

    @POST
    @Path("/{name}/archive")
    @Operation(summary = "Archive the oldest partition as a verified JSON Lines export, then detach it",
            description = "Only the oldest attached partition, once the chain has passed it and every record in it is past its retention. The records are verified, written to the archive folder, read back and hashed, recorded in audit_archive, and then the partition is detached (its table stays in the database until dropped).")
    @APIResponse(responseCode = "200", description = "The archive: file, SHA-256, first and last seq and the last record's hash")
    @APIResponse(responseCode = "400", description = "Not a partition's name", content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "404", description = "No attached partition has this name", content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "409", description = "Not the oldest, still written to, still retained, or it does not verify; the reason is given", content = @Content(mediaType = "application/problem+json"))
    public AuditPartitions.Archive archive(@PathParam("name") @Parameter(description = "Partition name, such as audit_log_p000000000001") String name)
            throws IOException {
        if (!AuditPartitions.isPartitionName(name)) {
            throw Problems.invalidParameter("name", "path", "must name a partition, such as audit_log_p000000000001");
        }
        try {
            return partitions.archive(name, identity.getPrincipal().getName());
        } catch (AuditPartitions.UnknownPartition e) {
            throw Problems.of(Response.Status.NOT_FOUND, e.getMessage());
        } catch (AuditPartitions.NotArchivable e) {
            throw Problems.of(Response.Status.CONFLICT, e.getMessage());
        }
    }
}
