package io.aigov.audit.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
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
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.aigov.api.rest.Attachments;
import io.aigov.api.rest.Identifiers;
import io.aigov.api.rest.Problems;
import io.aigov.api.rest.QueryParameters;
import io.aigov.audit.AuditChain;
import io.aigov.audit.AuditChainVerifier;
import io.aigov.audit.AuditEvent;
import io.aigov.audit.AuditExport;
import io.aigov.audit.AuditKind;
import io.aigov.audit.AuditLog;
import io.aigov.audit.AuditOrder;
import io.aigov.audit.AuditPage;
import io.aigov.audit.AuditQuery;
import io.aigov.audit.AuditRecord;
import io.aigov.audit.BoardDecision;
import io.aigov.audit.Checkpoint;
import io.aigov.audit.Checkpoints;
import io.aigov.audit.RegimeCodes;
import io.aigov.decision.engine.Decision;
import io.aigov.decision.explain.Counterfactuals;
import io.aigov.decision.model.Approach;
import io.aigov.decision.model.Exposure;
import io.aigov.decision.model.ExposureLevel;
import io.aigov.decision.model.FiredRule;
import io.aigov.decision.model.Scores;
import io.aigov.decision.model.UseCase;
import io.aigov.decision.model.Verdict;
import io.aigov.shared.Roles;
import io.aigov.shared.SentValues;

@Path("/api/audit")
@RolesAllowed(Roles.COMPLIANCE)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit", description = "Search, export and verify the audit trail: evaluations, board decisions, rule and account events")
public class AuditResource {

    private static final int MAX_PAGE_SIZE = 100;

    private final AuditLog auditLog;
    private final AuditExport export;
    private final AuditChainVerifier verifier;
    private final Checkpoints checkpoints;

    private final RegimeCodes regimes;

    public AuditResource(AuditLog auditLog, AuditExport export, AuditChainVerifier verifier, Checkpoints checkpoints, RegimeCodes regimes) {
        this.regimes = regimes;
        this.auditLog = auditLog;
        this.export = export;
        this.verifier = verifier;
        this.checkpoints = checkpoints;
    }

    public record ExposureSummary(String regime, ExposureLevel level) {
    }

    /**
     * @param decision for BOARD_DECISION records: the decision, its rationale, conditions and any override
     * @param event    for RULESET_EVENT, USER_EVENT and INVENTORY_EVENT records, which have no evaluation fields: what happened
     * @param completes for COUNTERFACTUALS records: the evaluation whose counterfactuals they complete
     */
    public record AuditSummary(UUID id, AuditKind kind, Instant evaluatedAt, String name, Approach approach, Verdict verdict,
            Boolean ragRecommended, String rulesetVersion, String requestedBy, List<ExposureSummary> exposures,
            List<FiredRule> firedRules, BoardDecision decision, AuditEvent event, UUID completes) {

        static AuditSummary of(AuditRecord record) {
            Decision decided = record.outcome;
            if (decided == null) {
                return new AuditSummary(record.id, record.kind, record.evaluatedAt, null, null, null, null, null, record.requestedBy, null,
                        null, record.decision, record.event, record.completes);
            }
            return new AuditSummary(record.id, record.kind, record.evaluatedAt, record.useCaseName(), decided.approach(), decided.verdict(),
                    decided.ragRecommended(), decided.rulesetVersion(), record.requestedBy,
                    decided.exposures().stream().map(e -> new ExposureSummary(e.regime(), e.level())).toList(), decided.firedRules(),
                    record.decision, record.event, null);
        }
    }

    /** @param totalExact false when more than total (1,000) records match */
    public record AuditSearchPage(List<AuditSummary> items, int page, int size, long total, boolean totalExact) {

        static AuditSearchPage of(AuditPage page) {
            return new AuditSearchPage(page.records().stream().map(AuditSummary::of).toList(), page.page(), page.size(),
                    page.total(), page.totalExact());
        }
    }

    @GET
    @Path("/head")
    @Operation(summary = "The latest record of the audit chain: write it down elsewhere to prove later that the log only grew")
    @APIResponse(responseCode = "200", description = "seq and hash of the latest record; seq 0 and 64 zeros for an empty log")
    public AuditChain.Head head() {
        return auditLog.head().orElse(new AuditChain.Head(0, AuditChain.GENESIS));
    }

    @GET
    @Path("/verify")
    @Operation(summary = "Walk the audit chain and name the first broken record",
            description = "Checks every record from fromSeq to toSeq: its hash against its content and its link to the record before it, in sequence order; the first record's link is checked against the hash stored with the record before the range, whose content belongs to the range that holds it. When the latest signed checkpoint (in the database or the checkpoints file) lies within the range, the record at its seq must still have the hash it signed. With notedSeq and notedHash (a head written down earlier, within the range) it also proves the record there is unchanged, so the log since then only grew.")
    @APIResponse(responseCode = "200", description = "ok with the count, head and checkpoint, or the first broken record and the problem: RECORD_MISSING, CONTENT_ALTERED, ORDER_CHANGED, NOTED_HEAD_MISMATCH, CHECKPOINT_CONTRADICTED, CHAIN_TRUNCATED or CHECKPOINT_SIGNATURE_INVALID")
    @APIResponse(responseCode = "400", description = "A parameter is invalid; it is named", content = @Content(mediaType = "application/problem+json"))
    public AuditChainVerifier.Result verify(
            @QueryParam("fromSeq") @DefaultValue("1") @Parameter(description = "First sequence number to check") String fromSeq,
            @QueryParam("toSeq") @Parameter(description = "Last sequence number to check, not before fromSeq (default: the head)") String toSeq,
            @QueryParam("notedSeq") @Parameter(description = "Sequence number of a head noted earlier, from fromSeq to toSeq") String notedSeq,
            @QueryParam("notedHash") @Parameter(description = "Hash of that head") String notedHash) throws IOException {
        long from = QueryParameters.intInRange("fromSeq", fromSeq, 1, Integer.MAX_VALUE);
        Long to = SentValues.blankToNull(toSeq) == null ? null : (long) QueryParameters.intInRange("toSeq", toSeq, (int) from, Integer.MAX_VALUE);
        AuditChain.Head noted = null;
        if (SentValues.blankToNull(notedSeq) != null || SentValues.blankToNull(notedHash) != null) {
            long seq = QueryParameters.intInRange("notedSeq", notedSeq == null ? "" : notedSeq, (int) from,
                    to == null ? Integer.MAX_VALUE : to.intValue());
            if (notedHash == null || !notedHash.strip().matches("[0-9a-f]{64}")) {
                throw Problems.invalidParameter("notedHash", "query", "must be the 64 lower-case hex digits of the noted head");
            }
            noted = new AuditChain.Head(seq, notedHash.strip());
        }
        return verifier.verify(from, to, noted);
    }

    @POST
    @Path("/verify")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Verify the whole chain against a signed checkpoint kept elsewhere",
            description = "The body is one checkpoint as GET /api/audit/checkpoints or the checkpoints file gives it. Its signature must be the service's; then the chain must hold and the record at its seq must still have its hash.")
    @APIResponse(responseCode = "200", description = "As GET /api/audit/verify; CHECKPOINT_SIGNATURE_INVALID when the checkpoint was not signed by the service's key or was changed")
    @APIResponse(responseCode = "400", description = "The body is not a checkpoint; the field is named", content = @Content(mediaType = "application/problem+json"))
    public AuditChainVerifier.Result verifyAgainst(JsonNode kept) throws IOException {
        Checkpoint checkpoint;
        try {
            checkpoint = Checkpoint.fromJson(kept);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            int colon = message.indexOf(": ");
            throw colon < 0 ? Problems.badRequest(message, List.of())
                    : Problems.invalidParameter(message.substring(0, colon), "body", message.substring(colon + 2));
        }
        return verifier.verifyAgainst(checkpoint);
    }

    @GET
    @Path("/checkpoints")
    @Operation(summary = "Signed checkpoints of the chain's head, newest first",
            description = "Each signs seq, hash and signedAt with the service's Ed25519 key (GET /api/audit/public-key); keep them, or the checkpoints file, outside the database.")
    @APIResponse(responseCode = "200", description = "A page of checkpoints: seq, hash, signedAt, keyId, signature")
    @APIResponse(responseCode = "400", description = "A parameter is invalid; it is named", content = @Content(mediaType = "application/problem+json"))
    public Checkpoints.Page checkpoints(
            @QueryParam("page") @DefaultValue("0") @Parameter(description = "Page number, from 0") String page,
            @QueryParam("size") @DefaultValue("20") @Parameter(description = "Page size, 1 to 100") String size) {
        return checkpoints.list(QueryParameters.intInRange("page", page, 0, Integer.MAX_VALUE),
                QueryParameters.intInRange("size", size, 1, MAX_PAGE_SIZE));
    }

    @GET
    @Path("/public-key")
    @Produces("application/x-pem-file")
    @Operation(summary = "The public key that checks the checkpoints' signatures, in PEM (X.509 SubjectPublicKeyInfo, Ed25519)")
    @APIResponse(responseCode = "200", description = "The key; its id, as checkpoints name it, in the Key-Id header")
    @APIResponse(responseCode = "406", description = "The request accepts neither PEM nor any type (application/json, say): the key is served as PEM only",
            content = @Content(mediaType = "application/problem+json"))
    public Response publicKey() {
        return Response.ok(checkpoints.publicKeyPem()).header("Key-Id", checkpoints.keyId()).build();
    }

    /**
     * One audited evaluation in full: what was asked, what was decided, every fired rule with its
     * reason and file, the obligations with the article or section each cites, and where to find
     * the exact rule files that decided, and what would change it. An event of the rules or of an
     * account has only its time, actor, event and place in the chain; counterfactuals found after
     * an evaluation was answered, the evaluation they complete.
     */
    public record AuditDetail(UUID id, AuditKind kind, Instant evaluatedAt, String requestedBy, UseCase input, Approach approach,
            Boolean ragRecommended, Verdict verdict, Scores scores, List<Exposure> exposures, List<FiredRule> firedRules,
            List<String> warnings, String rulesetVersion, URI rulesetFiles, List<String> maskedFields, BoardDecision decision,
            AuditEvent event, Counterfactuals counterfactuals, UUID completes, long seq, String prevHash, String hash) {
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One audit record in full: an evaluation or board decision with a link to the rule files that decided it, an event of the rules or of an account, or counterfactuals found after an evaluation was answered")
    @APIResponse(responseCode = "200", description = "The record")
    @APIResponse(responseCode = "400", description = "The id is not a UUID", content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "404", description = "No audit record has this id", content = @Content(mediaType = "application/problem+json"))
    public AuditDetail detail(@PathParam("id") @Parameter(description = "Record id (UUID)") String id, @Context UriInfo uri) {
        AuditRecord record = auditLog.find(Identifiers.uuid("id", id))
                .orElseThrow(() -> Problems.of(Response.Status.NOT_FOUND, "No audit record with id " + id));
        Decision decided = record.outcome;
        if (decided == null) {
            return new AuditDetail(record.id, record.kind, record.evaluatedAt, record.requestedBy, record.input, null, null, null, null,
                    null, null, null, null, null, record.maskedFields, record.decision, record.event, record.counterfactuals, record.completes,
                    record.seq, record.prevHash, record.hash);
        }
        return new AuditDetail(record.id, record.kind, record.evaluatedAt, record.requestedBy, record.input, decided.approach(),
                decided.ragRecommended(), decided.verdict(), decided.scores(), decided.exposures(), decided.firedRules(), decided.warnings(),
                decided.rulesetVersion(), uri.getBaseUriBuilder().path("api/rules/versions").path(decided.rulesetVersion()).build(),
                record.maskedFields, record.decision, record.event, record.counterfactuals, record.completes, record.seq, record.prevHash,
                record.hash);
    }

    @GET
    @Operation(summary = "Search the audit records, newest first unless asked otherwise", description = "Evaluations, board decisions, rule and account events. Every filter given must match; with both regime and level one exposure must match both. Filters on the evaluation's fields match evaluations and board decisions only.")
    @APIResponse(responseCode = "200", description = "A page of record summaries (evaluations with their fired rules), and the total")
    @APIResponse(responseCode = "400", description = "A filter value is invalid; the parameter is named", content = @Content(mediaType = "application/problem+json"))
    public AuditSearchPage search(@BeanParam AuditFilterParameters filters,
            @QueryParam("page") @DefaultValue("0") @Parameter(description = "Page number, from 0") String page,
            @QueryParam("size") @DefaultValue("20") @Parameter(description = "Page size, 1 to 100") String size,
            @QueryParam("order") @DefaultValue("NEWEST_FIRST") @Parameter(description = "NEWEST_FIRST or OLDEST_FIRST, in chain order") String order) {
        return AuditSearchPage.of(auditLog.search(filters.toFilters().toQuery(regimes), QueryParameters.choice("order", order, AuditOrder.class),
                QueryParameters.intInRange("page", page, 0, Integer.MAX_VALUE), QueryParameters.intInRange("size", size, 1, MAX_PAGE_SIZE)));
    }

    @GET
    @Path("/export")
    @Produces({ "text/csv", "application/jsonl", MediaType.APPLICATION_JSON })
    @Operation(summary = "Export the audit records matching the filters, newest first, streamed",
            description = "csv: one row per record (RFC 4180), fired rules in one column, an event as JSON. jsonl: one JSON object per line with everything the record holds and its place in the chain.")
    @APIResponse(responseCode = "200", description = "The export, as an attachment")
    @APIResponse(responseCode = "400", description = "An unknown format or an invalid filter; the parameter is named", content = @Content(mediaType = "application/problem+json"))
    public Response export(@BeanParam AuditFilterParameters filters,
            @QueryParam("format") @DefaultValue("csv") @Parameter(description = "csv or jsonl") String format) {
        AuditQuery query = filters.toFilters().toQuery(regimes);
        return switch (format.strip()) {
            case "csv" -> Attachments.of((StreamingOutput) out -> export.csv(query, out), "text/csv; charset=UTF-8", "audit-log.csv");
            case "jsonl" -> Attachments.of((StreamingOutput) out -> export.jsonl(query, out), "application/jsonl; charset=UTF-8", "audit-log.jsonl");
            default -> throw Problems.invalidParameter("format", "query", "must be csv or jsonl, not '" + format + "'");
        };
    }
}
