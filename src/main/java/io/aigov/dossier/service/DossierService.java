package io.aigov.dossier.service;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.aigov.audit.AuditLog;
import io.aigov.audit.AuditRecord;
import io.aigov.audit.ChainExcerpt;
import io.aigov.audit.ChainExcerpts;
import io.aigov.audit.Checkpoint;
import io.aigov.audit.Checkpoints;
import io.aigov.control.Control;
import io.aigov.control.ControlEvidence;
import io.aigov.control.service.ControlService;
import io.aigov.dossier.DossierVerification;
import io.aigov.evaluation.service.DecisionClock;
import io.aigov.proposal.Proposal;
import io.aigov.proposal.ProposalComment;
import io.aigov.proposal.service.ProposalService;
import io.aigov.shared.Sha256;

/**
 * A use case's dossier: a PDF for people, and a ZIP for auditors with the use case's records of the
 * audit chain (each with the records after it up to a signed checkpoint), its evidence files, the
 * checkpoints, the public key and a signed manifest of every file's SHA-256, which
 * {@link DossierVerification} checks offline.
 */
@ApplicationScoped
public class DossierService {

    /**
     * Everything the dossier says, read in one transaction.
     *
     * @param comments the discussion of the proposal, oldest first: kept beside the audit chain, not in it
     */
    public record Contents(Proposal useCase, List<AuditRecord> records, List<ControlFile> controls, List<ProposalComment> comments,
            Instant generatedAt) {

        /** The records that decided the use case: evaluations and board decisions, oldest first. */
        public List<AuditRecord> decisions() {
            return records.stream().filter(record -> record.kind.isDecision()).toList();
        }

        /** What happened to the use case and its controls, oldest first. */
        public List<AuditRecord> events() {
            return records.stream().filter(record -> record.kind.isEvent()).toList();
        }
    }

    /** A control with its evidence, every cycle's, and the bytes of its files by evidence id. */
    public record ControlFile(Control control, List<ControlEvidence> evidence, Map<UUID, byte[]> files) {
    }

    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    private final ProposalService proposals;
    private final AuditLog auditLog;
    private final ControlService controls;
    private final ChainExcerpts excerpts;
    private final Checkpoints checkpoints;
    private final DossierDocument document;
    private final DecisionClock clock;

    public DossierService(ProposalService proposals, AuditLog auditLog, ControlService controls, ChainExcerpts excerpts, Checkpoints checkpoints,
            DossierDocument document, DecisionClock clock) {
        this.proposals = proposals;
        this.auditLog = auditLog;
        this.controls = controls;
        this.excerpts = excerpts;
        this.checkpoints = checkpoints;
        this.document = document;
        this.clock = clock;
    }

    /** @throws DossierNotFoundException when the inventory holds no such use case */
    @Transactional
    public Contents contents(UUID useCaseId) {
        Proposal useCase = proposals.find(useCaseId).orElseThrow(() -> new DossierNotFoundException("No use case with id " + useCaseId));
        List<UUID> evaluations = proposals.evaluationsOf(useCaseId).stream().map(link -> link.evaluationId).toList();
        List<ControlFile> files = new ArrayList<>();
        for (Control control : controls.ofUseCase(useCaseId)) {
            List<ControlEvidence> evidence = controls.evidenceOf(control.id);
            Map<UUID, byte[]> bytes = new LinkedHashMap<>();
            // Read here, in the transaction: a file's bytes are loaded when first asked for.
            evidence.stream().filter(item -> item.url == null).forEach(item -> bytes.put(item.id, item.content));
            files.add(new ControlFile(control, evidence, bytes));
        }
        return new Contents(useCase, auditLog.aboutUseCase(useCaseId, evaluations), files, proposals.commentsOf(useCaseId), clock.now());
    }

    /** The PDF for people: the use case, every decision with its reasons and citations, each control with its evidence, the discussion, the history. */
    public byte[] pdf(UUID useCaseId) {
        return document.pdf(contents(useCaseId));
    }

    /** The ZIP for auditors, written as it is made. */
    public void zip(Contents contents, OutputStream out) throws IOException {
        SortedSet<Long> own = new TreeSet<>();
        contents.records().forEach(record -> own.add(record.seq));
        ChainExcerpt excerpt = excerpts.of(own);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(DossierVerification.RECORDS, lines(excerpt.lines()));
        files.put(DossierVerification.CHECKPOINTS, lines(excerpt.checkpoints().stream().map(Checkpoint::toJson).toList()));
        files.put(DossierVerification.PUBLIC_KEY, checkpoints.publicKeyPem().getBytes(StandardCharsets.UTF_8));
        files.put(DossierVerification.PDF, document.pdf(contents));
        // Not in the audit chain: the signed manifest vouches for the discussion as it stood when the dossier was made.
        files.put(DossierVerification.COMMENTS, lines(contents.comments().stream().map(DossierService::json).toList()));
        ArrayNode evidence = JSON.createArrayNode();
        for (ControlFile control : contents.controls()) {
            for (ControlEvidence item : control.evidence()) {
                byte[] content = control.files().get(item.id);
                if (content == null) {
                    continue;
                }
                String name = DossierVerification.EVIDENCE_FOLDER + item.id;
                files.put(name, content);
                evidence.addObject().put("file", name).put("name", item.name).put("control", control.control().id.toString())
                        .put("obligation", control.control().obligationId).put("sha256", item.sha256).put("size", item.size);
            }
        }
        byte[] manifest = manifest(contents, excerpt, evidence, files);
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            entry(zip, DossierVerification.MANIFEST, manifest);
            entry(zip, DossierVerification.SIGNATURE, checkpoints.signManifest(manifest).getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                entry(zip, file.getKey(), file.getValue());
            }
        }
    }

    private byte[] manifest(Contents contents, ChainExcerpt excerpt, ArrayNode evidence, Map<String, byte[]> files) throws IOException {
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("format", "aigov-dossier/1");
        ObjectNode useCase = manifest.putObject("useCase");
        useCase.put("id", contents.useCase().id.toString());
        useCase.put("title", contents.useCase().title);
        useCase.put("owner", contents.useCase().owner);
        useCase.put("submittedBy", contents.useCase().submittedBy);
        useCase.put("state", contents.useCase().state.name());
        manifest.put("generatedAt", contents.generatedAt().toString());
        manifest.put("keyId", checkpoints.keyId());
        ArrayNode records = manifest.putArray("records");
        for (AuditRecord record : contents.records()) {
            records.addObject().put("seq", record.seq).put("id", record.id.toString()).put("kind", record.kind.name()).put("hash", record.hash);
        }
        manifest.put("contextRecords", excerpt.lines().size() - contents.records().size());
        manifest.put("comments", contents.comments().size());
        manifest.set("evidence", evidence);
        ObjectNode hashes = manifest.putObject("files");
        files.forEach((name, content) -> hashes.put(name, Sha256.hex(content)));
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
    }

    private static String json(ProposalComment comment) {
        ObjectNode line = JSON.createObjectNode().put("id", comment.id.toString()).put("at", comment.at.toString()).put("author", comment.author)
                .put("text", comment.text);
        try {
            return JSON.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a comment is always JSON", e);
        }
    }

    private static byte[] lines(List<String> lines) {
        StringBuilder text = new StringBuilder();
        lines.forEach(line -> text.append(line).append('\n'));
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void entry(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content);
        zip.closeEntry();
    }
}
