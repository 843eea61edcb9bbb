package io.aigov.ruleset.rest;

import static io.aigov.ruleset.rest.RulesProblems.BUSY;
import static io.aigov.ruleset.rest.RulesProblems.PROBLEM;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
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

import io.quarkiverse.resteasy.problem.HttpProblem;
import io.quarkiverse.resteasy.problem.InstanceUtils;
import io.quarkus.security.identity.SecurityIdentity;

import io.aigov.api.rest.Problems;
import io.aigov.decision.model.RecordableText;
import io.aigov.decision.rulefile.RuleProblem;
import io.aigov.decision.ruleset.InvalidRulesetException;
import io.aigov.decision.rulefile.RuleFile;
import io.aigov.decision.rulefile.RuleProblem;
import io.aigov.ruleset.RulesetOrigin;
import io.aigov.ruleset.history.RuleChange;
import io.aigov.ruleset.service.CandidateOutcome;
import io.aigov.ruleset.service.RuleLifecycle;
import io.aigov.ruleset.service.Submission;
import io.aigov.ruleset.validation.CandidateReport;
import io.aigov.shared.ControlCharacters;
import io.aigov.shared.Roles;

/** The rules folder's files: reloading what it holds, and replacing one file through the gate. */
@Path("/api/rules")
@RolesAllowed(Roles.RULE_AUTHOR)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Rules", description = "The active ruleset, its versions, and changing it safely")
public class RuleFileResource {

    private final RuleLifecycle lifecycle;
    private final SecurityIdentity identity;

    public RuleFileResource(RuleLifecycle lifecycle, SecurityIdentity identity) {
        this.lifecycle = lifecycle;
        this.identity = identity;
    }

    /** @param change the change waiting for approval, when outcome is PENDING_APPROVAL */
    public record OutcomeView(CandidateOutcome outcome, CandidateReport report, RuleChange change) {
    }

    @POST
    @Path("/reload")
    @Operation(summary = "Re-read the rules folder now", description = "A changed folder that passes is proposed for approval (or, with approval off, activated).")
    @APIResponse(responseCode = "200", description = "ACTIVATED or UNCHANGED, with the candidate's report")
    @APIResponse(responseCode = "202", description = "PENDING_APPROVAL: the change waits for a second person")
    @APIResponse(responseCode = "422", description = "The folder's rules failed; the previous version keeps serving", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "503", description = BUSY, content = @Content(mediaType = PROBLEM))
    public Response reload() {
        return answer(lifecycle.submitFolder(actor()), "The rules folder's candidate was not activated");
    }

    @PUT
    @Path("/files/{name: .+}")
    @Consumes({ MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM })
    @Operation(summary = "Replace one file of the rules folder", description = "The folder's files with this one replaced go through the same safety check, compilation and golden cases as a saved edit; only an accepted file is written to the folder.")
    @APIResponse(responseCode = "200", description = "ACTIVATED or UNCHANGED")
    @APIResponse(responseCode = "202", description = "PENDING_APPROVAL: checked, waits for a second person; written to the folder when approved")
    @APIResponse(responseCode = "400", description = "Not a rule file name, or a control character in the name or the text", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "The service runs on its bundled rules and has no folder to write to", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "422", description = "The candidate failed; nothing was written and the previous version keeps serving", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "503", description = BUSY, content = @Content(mediaType = PROBLEM))
    public Response upload(@PathParam("name") @Parameter(description = "e.g. thresholds.properties, approach-factors.drl, tests/legal-review.json") String name,
            String content) {
        ControlCharacters.problemIn(content == null ? "" : content).ifPresent(problem -> {
            throw Problems.invalidParameter("body", "body", problem);
        });
        Submission upload;
        try {
            upload = lifecycle.upload(new RuleFile(name, content), new RulesetOrigin(RulesetOrigin.Source.API, "/api/rules/files/" + name, actor()));
        } catch (InvalidRulesetException e) {
            RuleProblem problem = e.problems().get(0);
            // The problem names its request too: with the name as the path holds it, escaped like the problem's (no raw U+202E).
            throw HttpProblem.builder(Problems.invalidParameter("name", "path", problem.file() + " " + problem.message()))
                    .withInstance(InstanceUtils.pathToInstance("/api/rules/files/" + problem.file())).build();
        }
        return answer(upload, name + " was not accepted; nothing was written");
    }

    /** 422 for a rejected candidate; 202 for one waiting for approval; 200 otherwise. */
    private static Response answer(Submission submission, String whenRejected) {
        if (submission.outcome() == CandidateOutcome.REJECTED) {
            throw RulesProblems.rejected(whenRejected, submission.report());
        }
        OutcomeView view = new OutcomeView(submission.outcome(), submission.report(), submission.change());
        return (submission.change() != null ? Response.accepted(view) : Response.ok(view)).build();
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }
}
