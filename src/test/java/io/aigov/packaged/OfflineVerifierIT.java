package io.aigov.packaged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.aigov.audit.AuditChain;
import io.aigov.audit.CheckpointKeys;
import io.aigov.audit.OfflineVerificationTest;

/** The packaged jar verifies an export offline with 'verify', without starting the service. */
class OfflineVerifierIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;

    private record Run(int exit, String out, String err) {
    }

    @Test
    void theJarSaysOkOrNamesTheBreakAndExitsAccordingly() throws Exception {
        List<ObjectNode> chain = OfflineVerificationTest.chain(4, "ALLOWED");
        KeyPair key = CheckpointKeys.generate();
        Path export = folder.resolve("audit-log.jsonl");
        Path checkpoints = Files.writeString(folder.resolve("checkpoints.jsonl"), CheckpointKeys.sign(
                new AuditChain.Head(4, chain.get(3).get("hash").asText()), Instant.now(), key).toJson() + "\n");
        Path publicKey = Files.writeString(folder.resolve("public-key.pem"), CheckpointKeys.publicPem(key.getPublic()));

        write(export, chain);
        Run ok = verify(export.toString(), checkpoints.toString(), publicKey.toString());
        assertEquals(0, ok.exit(), ok.toString());
        JsonNode result = JSON.readTree(ok.out());
        assertTrue(result.get("ok").asBoolean());
        assertEquals(4, result.get("count").asInt());
        assertFalse(ok.out().contains("Listening on"), "the service did not start: " + ok.out());

        write(export, chain.subList(0, 3));
        Run cut = verify(export.toString(), checkpoints.toString(), publicKey.toString());
        assertEquals(1, cut.exit(), cut.toString());
        assertEquals("CHAIN_TRUNCATED", JSON.readTree(cut.out()).get("problem").asText());
        assertEquals(4, JSON.readTree(cut.out()).get("brokenAt").asInt());

        Run misused = verify(export.toString());
        assertEquals(2, misused.exit(), misused.toString());
        assertTrue(misused.err().contains("usage: verify"), misused.toString());
    }

    private Run verify(String... files) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                PackagedService.JAR.toString(), "verify"));
        command.addAll(List.of(files));
        Path out = folder.resolve("out.txt");
        Path err = folder.resolve("err.txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "verify ended");
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private static void write(Path file, List<ObjectNode> records) throws IOException {
        Files.writeString(file, String.join("\n", records.stream().map(ObjectNode::toString).toList()) + "\n");
    }
}
