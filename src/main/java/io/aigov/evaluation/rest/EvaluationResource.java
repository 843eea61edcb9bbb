package io.aigov.evaluation.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import io.quarkus.security.identity.SecurityIdentity;

import java.net.URI;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.aigov.api.rest.Identifiers;
import io.aigov.api.rest.Problems;
import io.aigov.api.rest.QueryParameters;
import io.aigov.decision.engine.Decision;
import io.aigov.decision.model.Question;
import io.aigov.decision.model.UseCase;
import io.aigov.evaluation.service.EvaluationService;
import io.aigov.evaluation.service.Replay;
import io.aigov.shared.Roles;

@Path("/api/evaluations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Evaluations", description = "Evaluate AI use cases against the active rules; every evaluation is audited")
public class EvaluationResource {

    static final int MAX_PAGE_SIZE = 100;

    private final EvaluationService service;
    private final SecurityIdentity identity;

    public EvaluationResource(EvaluationService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.SUBMITTER)
    @Operation(summary = "Evaluate a use case", description = "Decides approach, retrieval, regulatory exposure and verdict, and commits the audit record before answering.")
    @APIResponse(responseCode = "201", description = "Evaluated and audited",
            headers = @Header(name = "Location", description = "Where the evaluation can be read again"),
            content = @Content(schema = @Schema(implementation = EvaluationView.class)))
    @APIResponse(responseCode = "400", description = "Invalid body; every offending field is named", content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "413", description = "Body over 256 KiB", content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "415", description = "Body is not application/json", content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "503", description = "The audit log cannot be written; no decision given", content = @Content(mediaType = "application/problem+json"))
    public Response evaluate(UseCase useCase, @Context UriInfo uriInfo) {
        EvaluationView view = EvaluationView.of(service.evaluate(useCase, identity.getPrincipal().getName()));
        URI location = uriInfo.getAbsolutePathBuilder().path(view.id().toString()).build();
        return Response.created(location).entity(view).build();
    }

    @GET
    @Path("/questions")
    @RolesAllowed({Roles.SUBMITTER, Roles.BOARD, Roles.COMPLIANCE})
    @Operation(summary = "The questions the active rules ask", description = "Declared by the regulation packs, in the order they are asked: "
            + "a use case answers them in its answers, by id; a question with askedWhen is answered only when that holds.")
    @APIResponse(responseCode = "200", description = "Each question with its type, label, help, choices, unit, whether it is required and when it is asked")
    public List<Question> questions() {
        return service.questions();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.SUBMITTER, Roles.BOARD, Roles.COMPLIANCE})
    @Operation(summary = "Read an evaluation from the audit log")
    @APIResponse(responseCode = "200", description = "The evaluation", content = @Content(schema = @Schema(implementation = EvaluationView.class)))
    @APIResponse(responseCode = "400", description = "The id is not a UUID", content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "404", description = "No evaluation has this id", content = @Content(mediaType = "application/problem+json"))
    public EvaluationView get(@PathParam("id") @Parameter(description = "Evaluation id (UUID)") String id) {
        return service.find(Identifiers.uuid("id", id)).map(evaluation -> EvaluationView.of(evaluation, service.completionOf(evaluation)))
                .orElseThrow(() -> Problems.of(Response.Status.NOT_FOUND, "No evaluation with id " + id));
    }

    public record ReplayView(boolean reproduced, List<String> differences, String rulesetVersion, Decision replayed) {
    }

    @POST
    @Path("/{id}/replay")
    @RolesAllowed({Roles.BOARD, Roles.COMPLIANCE})
    @Operation(summary = "Re-run an evaluation on the ruleset version that decided it", description = "Compiles the stored version named by the audit record, evaluates the recorded input again and compares everything it decided. Writes nothing.")
    @APIResponse(responseCode = "200", description = "reproduced is true when the replay decided exactly what was recorded")
    @APIResponse(responseCode = "400", description = "The id is not a UUID", content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "404", description = "No evaluation has this id", content = @Content(mediaType = "application/problem+json"))
    public ReplayView replay(@PathParam("id") @Parameter(description = "Evaluation id (UUID)") String id) {
        Replay replay = service.replay(Identifiers.uuid("id", id))
                .orElseThrow(() -> Problems.of(Response.Status.NOT_FOUND, "No evaluation with id " + id));
        return new ReplayView(replay.reproduced(), replay.differences(), replay.original().outcome.rulesetVersion(), replay.replayed());
    }

    @GET
    @RolesAllowed({Roles.SUBMITTER, Roles.BOARD, Roles.COMPLIANCE})
    @Operation(summary = "List evaluations, newest first")
    @APIResponse(responseCode = "200", description = "A page of evaluations with the total", content = @Content(schema = @Schema(implementation = EvaluationList.class)))
    @APIResponse(responseCode = "400", description = "page or size out of range", content = @Content(mediaType = "application/problem+json"))
    public EvaluationList list(
            @QueryParam("page") @DefaultValue("0") @Parameter(description = "Page number, from 0") String page,
            @QueryParam("size") @DefaultValue("20") @Parameter(description = "Page size, 1 to 100") String size) {
        return EvaluationList.of(service.list(QueryParameters.intInRange("page", page, 0, Integer.MAX_VALUE),
                QueryParameters.intInRange("size", size, 1, MAX_PAGE_SIZE)));
    }
}
