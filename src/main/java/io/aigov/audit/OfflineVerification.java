package io.aigov.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.aigov.audit.AuditChainVerifier.Result;

/**
 * Verifies an exported chain without the service or its database: a JSON Lines export of the
 * whole log (any order) with the archives of partitions detached from it, the checkpoints file and
 * the public key. The records are walked with the
 * service's own walk, against the latest checkpoint in the file, so the answer is the one
 * {@code GET /api/audit/verify} gives on the database the export came from.
 */
public final class OfflineVerification {

    /** Exit status: the chain holds. */
    public static final int OK = 0;
    /** Exit status: the chain or a checkpoint is broken. */
    public static final int BROKEN = 1;
    /** Exit status: the command was called wrongly or a file cannot be read. */
    public static final int UNUSABLE = 2;

    public static final String USAGE = "usage: verify <export.jsonl> <checkpoints.jsonl> <public-key.pem> [<archived-partition.jsonl> ...]";

    /** Writes the result as the service's API does: instants as ISO-8601 text. */
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    private OfflineVerification() {
    }

    /** Prints the verification result as JSON on {@code out}, or what is wrong with the arguments on {@code err}. */
    public static int run(List<String> arguments, PrintStream out, PrintStream err) {
        if (arguments.size() < 3) {
            err.println(USAGE);
            return UNUSABLE;
        }
        try {
            List<Path> exports = new ArrayList<>(List.of(Path.of(arguments.get(0))));
            arguments.subList(3, arguments.size()).forEach(archive -> exports.add(Path.of(archive)));
            Result result = verify(exports, Path.of(arguments.get(1)), Path.of(arguments.get(2)));
            out.println(JSON.writeValueAsString(result));
            return result.ok() ? OK : BROKEN;
        } catch (NoSuchFileException e) {
            err.println("no such file: " + e.getFile());
        } catch (IOException | IllegalArgumentException e) {
            err.println(e.getMessage());
        }
        return UNUSABLE;
    }

    /**
     * @param exports the export of the records in the database and the archives of partitions
     *                detached from it: together, the whole chain
     */
    public static Result verify(List<Path> exports, Path checkpoints, Path publicKeyFile) throws IOException {
        PublicKey publicKey;
        try {
            publicKey = CheckpointKeys.readPublicKey(Files.readString(publicKeyFile));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(publicKeyFile + ": " + e.getMessage());
        }
        Checkpoint latest = null;
        try (BufferedReader lines = Files.newBufferedReader(checkpoints, StandardCharsets.UTF_8)) {
            int lineNumber = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                Checkpoint checkpoint;
                try {
                    checkpoint = Checkpoint.fromJson(JSON.readTree(line));
                } catch (JsonProcessingException | IllegalArgumentException e) {
                    throw new IllegalArgumentException(checkpoints + " line " + lineNumber + ": not a checkpoint: " + e.getMessage());
                }
                if (!CheckpointKeys.signatureHolds(checkpoint, publicKey)) {
                    return Result.forgedCheckpoint(checkpoint, checkpoints + " line " + lineNumber);
                }
                if (latest == null || checkpoint.seq() > latest.seq()) {
                    latest = checkpoint;
                }
            }
        }
        AuditChainVerifier.Walk walk = new AuditChainVerifier.Walk(1, null, false, null, latest);
        List<RandomAccessFile> files = new ArrayList<>();
        try {
            for (Path export : exports) {
                files.add(new RandomAccessFile(export.toFile(), "r"));
            }
            for (Line line : linesInSequenceOrder(exports)) {
                byte[] text = new byte[line.length()];
                RandomAccessFile records = files.get(line.file());
                records.seek(line.offset());
                records.readFully(text);
                walk.check(stored(JSON.readTree(text)));
            }
        } finally {
            for (RandomAccessFile file : files) {
                file.close();
            }
        }
        walk.finish();
        return AuditChainVerifier.combined(List.of(walk), null, latest);
    }

    /** Where each record of the export is, so that only positions are held in memory while it is sorted. */
    private record Line(long seq, int file, long offset, int length) {
    }

    private static List<Line> linesInSequenceOrder(List<Path> exports) throws IOException {
        List<Line> lines = new ArrayList<>();
        for (int file = 0; file < exports.size(); file++) {
            positions(exports.get(file), file, lines);
        }
        lines.sort(Comparator.comparingLong(Line::seq));
        return lines;
    }

    private static void positions(Path export, int file, List<Line> lines) throws IOException {
        try (JsonParser parser = JSON.getFactory().createParser(export.toFile())) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                int lineNumber = parser.currentTokenLocation().getLineNr();
                if (token != JsonToken.START_OBJECT) {
                    throw new IllegalArgumentException(export + " line " + lineNumber + ": not a JSON object");
                }
                long offset = parser.currentTokenLocation().getByteOffset();
                Long seq = null;
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    if (parser.nextToken() == JsonToken.VALUE_NUMBER_INT && name.equals("seq")) {
                        seq = parser.getLongValue();
                    }
                    parser.skipChildren();
                }
                if (seq == null) {
                    throw new IllegalArgumentException(export + " line " + lineNumber + ": no seq (export with format=jsonl)");
                }
                lines.add(new Line(seq, file, offset, (int) (parser.currentLocation().getByteOffset() - offset)));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(export + ": not JSON Lines: " + e.getOriginalMessage());
        }
    }

    /** A record of the export as the database held it: its place in the chain, the text its hash covers, and its fields. */
    static AuditRows.StoredRecord stored(JsonNode line) {
        ObjectNode content = JSON.createObjectNode();
        line.properties().forEach(field -> {
            if (!AuditColumn.CHAIN_FIELDS.contains(field.getKey())) {
                content.set(field.getKey(), field.getValue());
            }
        });
        return new AuditRows.StoredRecord(line.path("seq").asLong(), line.path("prevHash").asText(), line.path("hash").asText(),
                line.path("canonical").asText(), content);
    }
}
