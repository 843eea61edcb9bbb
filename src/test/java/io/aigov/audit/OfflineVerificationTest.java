package io.aigov.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.aigov.audit.AuditChainVerifier.Problem;
import io.aigov.audit.AuditChainVerifier.Result;

/**
 * The offline verifier on a chain built here by hand, as an export of it would read, newest first:
 * it holds; then each way of breaking it that a database superuser has, including the ones that
 * only a signed checkpoint exposes.
 */
public class OfflineVerificationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RECORDS = 6;

    @TempDir
    Path folder;

    private final KeyPair key = CheckpointKeys.generate();
    private Path export;
    private Path checkpoints;
    private Path publicKey;
    private List<ObjectNode> chain;

    @BeforeEach
    void aSignedChain() throws IOException {
        chain = chain(RECORDS, "ALLOWED");
        export = folder.resolve("audit-log.jsonl");
        checkpoints = folder.resolve("checkpoints.jsonl");
        publicKey = Files.writeString(folder.resolve("public-key.pem"), CheckpointKeys.publicPem(key.getPublic()));
        write(export, chain);
        Files.writeString(checkpoints, sign(3).toJson() + "\n" + sign(RECORDS).toJson() + "\n");
    }

    @Test
    void anUntouchedExportHoldsAgainstTheLatestCheckpoint() throws IOException {
        Result result = OfflineVerification.verify(List.of(export), checkpoints, publicKey);
        assertTrue(result.ok(), result.toString());
        assertEquals(RECORDS, result.count());
        assertEquals(RECORDS, result.head().seq());
        assertEquals(RECORDS, result.checkpoint().seq());
    }

    @Test
    void theLastThreeRecordsRewrittenWithTheirHashesRecomputedContradictTheCheckpoint() throws IOException {
        List<ObjectNode> rewritten = new ArrayList<>(chain.subList(0, RECORDS - 3));
        List<ObjectNode> replacement = chain(RECORDS, "PROHIBITED");
        rewritten.addAll(relinked(rewritten.get(rewritten.size() - 1).get("hash").asText(), replacement.subList(RECORDS - 3, RECORDS)));
        write(export, rewritten);
        Files.writeString(checkpoints, sign(3).toJson() + "\n");
        assertTrue(OfflineVerification.verify(List.of(export), checkpoints, publicKey).ok(), "without a checkpoint past them the rewrite is consistent");

        Files.writeString(checkpoints, sign(3).toJson() + "\n" + sign(RECORDS).toJson() + "\n");
        Result result = OfflineVerification.verify(List.of(export), checkpoints, publicKey);
        assertFalse(result.ok());
        assertEquals(Problem.CHECKPOINT_CONTRADICTED, result.problem());
        assertEquals(RECORDS, result.brokenAt());
        assertEquals(RECORDS, result.checkpoint().seq());
    }

    @Test
    void aTailCutOffIsReportedAsTruncated() throws IOException {
        write(export, chain.subList(0, RECORDS - 2));
        Result result = OfflineVerification.verify(List.of(export), checkpoints, publicKey);
        assertEquals(Problem.CHAIN_TRUNCATED, result.problem());
        assertEquals(RECORDS - 1, result.brokenAt());
        assertEquals(RECORDS - 2, result.count());
    }

    @Test
    void aCheckpointWithAWrongSignatureIsReported() throws IOException {
        Checkpoint genuine = sign(RECORDS);
        Checkpoint moved = new Checkpoint(RECORDS - 1, chain.get(RECORDS - 2).get("hash").asText(), genuine.signedAt(), genuine.keyId(),
                genuine.signature());
        Files.writeString(checkpoints, sign(3).toJson() + "\n" + moved.toJson() + "\n");
        Result result = OfflineVerification.verify(List.of(export), checkpoints, publicKey);
        assertEquals(Problem.CHECKPOINT_SIGNATURE_INVALID, result.problem());
        assertEquals(RECORDS - 1, result.brokenAt());

        Checkpoint otherKey = CheckpointKeys.sign(new AuditChain.Head(RECORDS, chain.get(RECORDS - 1).get("hash").asText()), Instant.now(),
                CheckpointKeys.generate());
        Files.writeString(checkpoints, otherKey.toJson() + "\n");
        assertEquals(Problem.CHECKPOINT_SIGNATURE_INVALID, OfflineVerification.verify(List.of(export), checkpoints, publicKey).problem());
    }

    @Test
    void anAlteredMissingOrMovedRecordIsNamedAsTheServiceNamesIt() throws IOException {
        List<ObjectNode> altered = copy(chain);
        altered.get(1).put("verdict", "PROHIBITED");
        write(export, altered);
        Result result = OfflineVerification.verify(List.of(export), checkpoints, publicKey);
        assertEquals(Problem.CONTENT_ALTERED, result.problem());
        assertEquals(2, result.brokenAt());

        List<ObjectNode> gap = copy(chain);
        gap.remove(3);
        write(export, gap);
        result = OfflineVerification.verify(List.of(export), checkpoints, publicKey);
        assertEquals(Problem.RECORD_MISSING, result.problem());
        assertEquals(4, result.brokenAt());

        List<ObjectNode> swapped = copy(chain);
        swapped.get(2).put("seq", 4);
        swapped.get(3).put("seq", 3);
        write(export, swapped);
        result = OfflineVerification.verify(List.of(export), checkpoints, publicKey);
        assertEquals(Problem.ORDER_CHANGED, result.problem());
        assertEquals(3, result.brokenAt());
    }

    @Test
    void theCommandSaysOkOrBrokenOnStdoutAndMisuseOnStderr() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(OfflineVerification.OK, OfflineVerification.run(List.of(export.toString(), checkpoints.toString(), publicKey.toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertTrue(JSON.readTree(out.toString(StandardCharsets.UTF_8)).get("ok").asBoolean());

        write(export, chain.subList(0, 2));
        out.reset();
        assertEquals(OfflineVerification.BROKEN, OfflineVerification.run(List.of(export.toString(), checkpoints.toString(), publicKey.toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertEquals("CHAIN_TRUNCATED", JSON.readTree(out.toString(StandardCharsets.UTF_8)).get("problem").asText());

        assertEquals(OfflineVerification.UNUSABLE, OfflineVerification.run(List.of(export.toString()), System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage: verify"));
        err.reset();
        assertEquals(OfflineVerification.UNUSABLE, OfflineVerification.run(List.of(export.toString(), checkpoints.toString(),
                folder.resolve("missing.pem").toString()), System.out, new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("missing.pem"), err.toString(StandardCharsets.UTF_8));
        err.reset();
        Files.writeString(export, "not json\n");
        assertEquals(OfflineVerification.UNUSABLE, OfflineVerification.run(List.of(export.toString(), checkpoints.toString(),
                publicKey.toString()), System.out, new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("audit-log.jsonl"), err.toString(StandardCharsets.UTF_8));
    }

    /** Records 1..count as the JSON Lines export has them: seq, the content, prevHash, hash and the canonical text. */
    public static List<ObjectNode> chain(int count, String verdict) {
        List<ObjectNode> records = new ArrayList<>();
        for (int seq = 1; seq <= count; seq++) {
            ObjectNode line = JSON.createObjectNode();
            line.put("seq", seq);
            line.put("id", UUID.nameUUIDFromBytes(("record " + seq).getBytes(StandardCharsets.UTF_8)).toString());
            line.put("name", "use case " + seq);
            line.put("verdict", verdict);
            line.putObject("scores").put("prompting", 0.5 + seq / 100.0).put("fineTuning", 0.25);
            records.add(line);
        }
        return relinked(AuditChain.GENESIS, records);
    }

    private static List<ObjectNode> relinked(String prevHash, List<ObjectNode> records) {
        List<ObjectNode> linked = new ArrayList<>();
        for (ObjectNode record : copy(records)) {
            for (String field : List.of("prevHash", "hash", "canonical")) {
                record.remove(field);
            }
            ObjectNode content = record.deepCopy();
            content.remove("seq");
            String canonical = AuditChain.canonical(content);
            record.put("prevHash", prevHash);
            record.put("hash", AuditChain.hash(prevHash, canonical));
            record.put("canonical", canonical);
            prevHash = record.get("hash").asText();
            linked.add(record);
        }
        return linked;
    }

    private Checkpoint sign(int seq) {
        return CheckpointKeys.sign(new AuditChain.Head(seq, chain.get(seq - 1).get("hash").asText()), Instant.now(), key);
    }

    private static List<ObjectNode> copy(List<ObjectNode> records) {
        return new ArrayList<>(records.stream().map(ObjectNode::deepCopy).toList());
    }

    /** Newest first, as the export writes them. */
    private static void write(Path file, List<ObjectNode> records) throws IOException {
        List<String> lines = new ArrayList<>(records.stream().map(ObjectNode::toString).toList());
        Collections.reverse(lines);
        Files.writeString(file, String.join("\n", lines) + "\n");
    }
}
