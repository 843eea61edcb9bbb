package io.aigov.ruleset.rest;

import static io.aigov.ruleset.rest.RulesProblems.BUSY;
import static io.aigov.ruleset.rest.RulesProblems.PROBLEM;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import io.quarkus.security.identity.SecurityIdentity;

import io.aigov.api.rest.Problems;
import io.aigov.api.rest.QueryParameters;
import io.aigov.api.rest.Violation;
import io.aigov.decision.model.RecordableText;
import io.aigov.decision.rulefile.RuleFile;
import io.aigov.decision.ruleset.InvalidRulesetException;
import io.aigov.decision.ruleset.RulesetCandidate;
import io.aigov.ruleset.service.ImpactAnalysis;
import io.aigov.ruleset.service.RuleAuthoringService;
import io.aigov.ruleset.validation.CandidateReport;
import io.aigov.shared.ControlCharacters;
import io.aigov.shared.Roles;

/** Candidate rulesets checked and replayed without activating anything. */
@Path("/api/rules")
@RolesAllowed(Roles.RULE_AUTHOR)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Rules", description = "The active ruleset, its versions, and changing it safely")
public class CandidateResource {

    private static final int DEFAULT_IMPACT_LIMIT = 1_000;
    private static final int MAX_IMPACT_LIMIT = 100_000;

    private final RuleAuthoringService authoring;
    private final ImpactAnalysis impactAnalysis;
    private final SecurityIdentity identity;

    public CandidateResource(RuleAuthoringService authoring, ImpactAnalysis impactAnalysis, SecurityIdentity identity) {
        this.authoring = authoring;
        this.impactAnalysis = impactAnalysis;
        this.identity = identity;
    }

    public record ValidationView(boolean passed, CandidateReport report) {
    }

    @POST
    @Path("/validate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Check a candidate ruleset (safety, compilation, golden cases) without activating it")
    @APIResponse(responseCode = "200", description = "The report; passed says whether it could be activated")
    @APIResponse(responseCode = "400", description = "Malformed request or a file name that is not a rule file", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "503", description = BUSY, content = @Content(mediaType = PROBLEM))
    public ValidationView validate(CandidateFiles candidate) {
        CandidateReport report = authoring.validate(toCandidate(candidate), requester());
        return new ValidationView(report.passed(), report);
    }

    @POST
    @Path("/impact")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replay the latest audited inputs against a candidate and list the decisions it would change",
            description = "limit: how many of the latest evaluations to replay (default 1,000, at most 100,000). Nothing is written.")
    @APIResponse(responseCode = "200", description = "How many decisions change, and for each: id, old and new approach, verdict and exposures")
    @APIResponse(responseCode = "422", description = "The candidate is unsafe or does not compile, so it was not run", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "503", description = BUSY, content = @Content(mediaType = PROBLEM))
    public ImpactAnalysis.Impact impact(CandidateFiles candidate) {
        ImpactAnalysis.Impact impact = impactAnalysis.analyse(toCandidate(candidate),
                candidate.limit() == null ? DEFAULT_IMPACT_LIMIT : candidate.limit(), requester());
        if (!impact.report().runnable()) {
            throw RulesProblems.rejected("The candidate cannot be run", impact.report());
        }
        return impact;
    }

    @POST
    @Path("/validate")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Check a candidate ruleset sent as files (one part named file per file)",
            description = "Each part's file name is the file's name in the rules folder; send golden cases as tests/<name>.json.")
    @APIResponse(responseCode = "200", description = "The report; passed says whether it could be activated")
    @APIResponse(responseCode = "400", description = "No files, or a file that is not a rule file, not UTF-8 or holds a control character", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "503", description = BUSY, content = @Content(mediaType = PROBLEM))
    public ValidationView validateFiles(@RestForm("file") List<FileUpload> files) throws IOException {
        return validate(uploaded(files));
    }

    @POST
    @Path("/impact")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Impact of a candidate sent as files (one part named file per file, and an optional limit)")
    @APIResponse(responseCode = "200", description = "How many decisions change, and which")
    @APIResponse(responseCode = "400", description = "No files, a file that is not a rule file, not UTF-8 or holds a control character, or a limit out of range", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "422", description = "The candidate is unsafe or does not compile, so it was not run", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "503", description = BUSY, content = @Content(mediaType = PROBLEM))
    public ImpactAnalysis.Impact impactOfFiles(@RestForm("file") List<FileUpload> files, @RestForm("limit") String limit)
            throws IOException {
        int replays = limit == null || limit.isBlank() ? DEFAULT_IMPACT_LIMIT
                : QueryParameters.intInRange("limit", "form", limit, 1, MAX_IMPACT_LIMIT);
        return impact(new CandidateFiles(uploaded(files).files(), replays));
    }

    private String requester() {
        return identity.getPrincipal().getName();
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
            // Names as they are shown: a line break or U+202E in a file name is escaped, never repeated as it is.
            String shown = RecordableText.unambiguous(upload.fileName());
            String content;
            try {
                content = Files.readString(upload.uploadedFile(), StandardCharsets.UTF_8);
            } catch (CharacterCodingException e) {
                violations.add(new Violation(field, "form", shown + " is not UTF-8 text"));
                continue;
            }
            ControlCharacters.problemIn(upload.fileName())
                    .ifPresent(problem -> violations.add(new Violation(field, "form", "its file name " + problem)));
            ControlCharacters.problemIn(content).ifPresent(problem -> violations.add(new Violation(field, "form", shown + " " + problem)));
            files.add(new CandidateFiles.File(upload.fileName(), content));
        }
        if (!violations.isEmpty()) {
            throw Problems.badRequest("The candidate holds files that cannot be rule files", violations);
        }
        return new CandidateFiles(files, null);
    }

    private static RulesetCandidate toCandidate(CandidateFiles candidate) {
        try {
            return RulesetCandidate.of(candidate.files().stream().map(f -> new RuleFile(f.name(), f.content())).toList());
        } catch (InvalidRulesetException e) {
            throw Problems.badRequest("The candidate holds files that are not rule files",
                    e.problems().stream().map(p -> new Violation("files", "body", p.file() + " " + p.message())).toList());
        }
    }
}
