package io.aigov.dossier;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.aigov.audit.AuditChainVerifier.Result;
import io.aigov.audit.ChainExcerpt;
import io.aigov.audit.Checkpoint;
import io.aigov.audit.CheckpointKeys;
import io.aigov.shared.Sha256;

/**
 * Checks a use case's dossier without the service, its database or the network: the manifest's
 * signature, every file against the manifest's SHA-256, each of the use case's records in its place
 * in the audit chain up to a signed checkpoint, and each evidence file against the hash its record
 * in the chain holds. Every problem found is named; the archive is read into memory within limits and
 * nothing of it is written anywhere.
 */
public final class DossierVerification {

    public static final int OK = 0;
    public static final int BROKEN = 1;
    public static final int UNUSABLE = 2;

    public static final String USAGE = "usage: verify-dossier <dossier.zip> [--key <public-key.pem>]";

    /** What a dossier holds by name; an evidence file is named by its id. */
    public static final String MANIFEST = "manifest.json";
    public static final String SIGNATURE = "manifest.sig";
    public static final String PUBLIC_KEY = "public-key.pem";
    public static final String CHECKPOINTS = "checkpoints.jsonl";
    public static final String RECORDS = "records.jsonl";
    public static final String PDF = "dossier.pdf";
    public static final String EVIDENCE_FOLDER = "evidence/";
    /** The proposal's discussion, one comment a line: beside the audit chain, vouched for by the signed manifest. */
    public static final String COMMENTS = "comments.jsonl";
    private static final Pattern ENTRY = Pattern.compile(
            "manifest\\.json|manifest\\.sig|public-key\\.pem|checkpoints\\.jsonl|records\\.jsonl|comments\\.jsonl|dossier\\.pdf|evidence/[0-9a-f-]{36}");
    private static final long MAX_ENTRY = 256L * 1024 * 1024;
    private static final long MAX_TOTAL = 1024L * 1024 * 1024;
    private static final int MAX_ENTRIES = 100_000;

    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    /**
     * What the check found.
     *
     * @param records  the use case's own records proven in the chain
     * @param problems each problem, naming the file, record or checkpoint; empty when the dossier holds
     */
    public record Report(boolean ok, String useCase, String title, String keyId, int records, int evidence, Checkpoint checkpoint,
            List<String> problems) {
    }

    private DossierVerification() {
    }

    public static int run(List<String> arguments, PrintStream out, PrintStream err) {
        if (arguments.size() != 1 && !(arguments.size() == 3 && arguments.get(1).equals("--key"))) {
            err.println(USAGE);
            return UNUSABLE;
        }
        try {
            Optional<String> key = arguments.size() == 3 ? Optional.of(Files.readString(Path.of(arguments.get(2)))) : Optional.empty();
            Report report = verify(Path.of(arguments.get(0)), key);
            out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
            return report.ok() ? OK : BROKEN;
        } catch (NoSuchFileException e) {
            err.println("no such file: " + e.getFile());
        } catch (IOException | IllegalArgumentException e) {
            err.println(e.getMessage());
        }
        return UNUSABLE;
    }

    /**
     * @param trustedKey the service's public key as the auditor obtained it, apart from the dossier; without it the
     *                   dossier's own key is used, and the report names its id for the auditor to compare
     * @throws IllegalArgumentException when the file is not a dossier at all
     */
    public static Report verify(Path dossier, Optional<String> trustedKey) throws IOException {
        Map<String, byte[]> entries = read(dossier);
        List<String> problems = new ArrayList<>();
        byte[] manifestBytes = required(entries, MANIFEST);
        JsonNode manifest;
        try {
            manifest = JSON.readTree(manifestBytes);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(dossier + ": " + MANIFEST + " is not JSON: " + e.getOriginalMessage());
        }
        PublicKey key = CheckpointKeys.readPublicKey(trustedKey.orElseGet(() -> new String(required(entries, PUBLIC_KEY), StandardCharsets.UTF_8)));
        String keyId = CheckpointKeys.keyId(key);
        if (trustedKey.isPresent() && entries.containsKey(PUBLIC_KEY)
                && !CheckpointKeys.keyId(CheckpointKeys.readPublicKey(new String(entries.get(PUBLIC_KEY), StandardCharsets.UTF_8))).equals(keyId)) {
            problems.add(PUBLIC_KEY + ": not the key given with --key (" + keyId + ")");
        }
        String signature = entries.containsKey(SIGNATURE) ? new String(entries.get(SIGNATURE), StandardCharsets.UTF_8).strip() : "";
        if (!CheckpointKeys.manifestSignatureHolds(manifestBytes, signature, key)) {
            problems.add(SIGNATURE + ": the manifest's signature does not hold for key " + keyId);
        }
        checkFiles(manifest, entries, problems);

        List<Checkpoint> checkpoints = checkpoints(entries.get(CHECKPOINTS), problems);
        NavigableMap<Long, JsonNode> records = records(entries.get(RECORDS), problems);
        SortedSet<Long> own = new TreeSet<>();
        for (JsonNode listed : manifest.path("records")) {
            long seq = listed.path("seq").asLong();
            JsonNode record = records.get(seq);
            if (record == null) {
                problems.add("record " + listed.path("id").asText() + " (seq " + seq + ", " + listed.path("kind").asText()
                        + "), listed in the manifest, is missing from " + RECORDS);
            } else if (!record.path("hash").asText().equals(listed.path("hash").asText())
                    || !record.path("id").asText().equals(listed.path("id").asText())) {
                problems.add("record seq " + seq + " in " + RECORDS + " is not the record " + listed.path("id").asText() + " the manifest lists");
            } else {
                own.add(seq);
            }
        }
        Result chain = ChainExcerpt.verify(records, checkpoints, key, own);
        if (!chain.ok()) {
            problems.add("audit chain: " + chain.problem() + " at seq " + chain.brokenAt() + ": " + chain.detail());
        }
        checkEvidence(manifest, entries, records, problems);
        return new Report(problems.isEmpty(), manifest.path("useCase").path("id").asText(null), manifest.path("useCase").path("title").asText(null),
                keyId, own.size(), manifest.path("evidence").size(), chain.checkpoint(), problems);
    }

    /** Each file the manifest lists is there with its hash, and nothing else is. */
    private static void checkFiles(JsonNode manifest, Map<String, byte[]> entries, List<String> problems) {
        Map<String, String> listed = new LinkedHashMap<>();
        manifest.path("files").properties().forEach(file -> listed.put(file.getKey(), file.getValue().asText()));
        for (Map.Entry<String, String> file : listed.entrySet()) {
            byte[] content = entries.get(file.getKey());
            if (content == null) {
                problems.add(file.getKey() + ": listed in the manifest, missing from the dossier");
            } else if (!Sha256.hex(content).equals(file.getValue())) {
                problems.add(file.getKey() + describe(manifest, file.getKey()) + ": its SHA-256 is " + Sha256.hex(content) + ", the manifest says "
                        + file.getValue());
            }
        }
        for (String name : entries.keySet()) {
            if (!listed.containsKey(name) && !name.equals(MANIFEST) && !name.equals(SIGNATURE)) {
                problems.add(name + ": in the dossier but not in the manifest");
            }
        }
    }

    /** Each evidence file is the one whose hash the chain recorded when it was added. */
    private static void checkEvidence(JsonNode manifest, Map<String, byte[]> entries, NavigableMap<Long, JsonNode> records,
            List<String> problems) {
        Map<String, String> recorded = new TreeMap<>();
        for (JsonNode record : records.values()) {
            JsonNode event = record.path("event");
            if (record.path("kind").asText().equals("CONTROL_EVENT") && event.path("type").asText().equals("EVIDENCE_ADDED")
                    && event.path("details").has("sha256")) {
                recorded.put(event.path("details").path("evidence").asText(), event.path("details").path("sha256").asText());
            }
        }
        for (JsonNode evidence : manifest.path("evidence")) {
            String file = evidence.path("file").asText();
            String id = file.substring(file.lastIndexOf('/') + 1);
            byte[] content = entries.get(file);
            String inChain = recorded.get(id);
            if (inChain == null) {
                problems.add(file + " (" + evidence.path("name").asText() + "): no record of the chain in the dossier adds it");
            } else if (content != null && !Sha256.hex(content).equals(inChain)) {
                problems.add(file + " (" + evidence.path("name").asText() + "): its SHA-256 is " + Sha256.hex(content)
                        + ", the audit chain recorded " + inChain + " when it was added");
            }
        }
    }

    private static String describe(JsonNode manifest, String file) {
        for (JsonNode evidence : manifest.path("evidence")) {
            if (evidence.path("file").asText().equals(file)) {
                return " (" + evidence.path("name").asText() + ")";
            }
        }
        return "";
    }

    private static List<Checkpoint> checkpoints(byte[] content, List<String> problems) {
        List<Checkpoint> checkpoints = new ArrayList<>();
        int number = 0;
        for (String line : lines(content)) {
            number++;
            try {
                checkpoints.add(Checkpoint.fromJson(JSON.readTree(line)));
            } catch (JsonProcessingException | IllegalArgumentException e) {
                problems.add(CHECKPOINTS + " line " + number + ": not a checkpoint");
            }
        }
        return checkpoints;
    }

    private static NavigableMap<Long, JsonNode> records(byte[] content, List<String> problems) {
        NavigableMap<Long, JsonNode> records = new TreeMap<>();
        int number = 0;
        for (String line : lines(content)) {
            number++;
            try {
                JsonNode record = JSON.readTree(line);
                records.put(record.path("seq").asLong(), record);
            } catch (JsonProcessingException e) {
                problems.add(RECORDS + " line " + number + ": not JSON");
            }
        }
        return records;
    }

    private static List<String> lines(byte[] content) {
        return content == null ? List.of()
                : new String(content, StandardCharsets.UTF_8).lines().filter(line -> !line.isBlank()).toList();
    }

    private static byte[] required(Map<String, byte[]> entries, String name) {
        byte[] content = entries.get(name);
        if (content == null) {
            throw new IllegalArgumentException("not a dossier: it has no " + name);
        }
        return content;
    }

    /** The archive's entries by name, each read up to a limit: a bomb is refused, not unpacked. */
    private static Map<String, byte[]> read(Path dossier) throws IOException {
        Map<String, byte[]> entries = new TreeMap<>();
        long total = 0;
        try (InputStream file = Files.newInputStream(dossier); ZipInputStream zip = new ZipInputStream(file)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (!ENTRY.matcher(entry.getName()).matches()) {
                    throw new IllegalArgumentException("not a dossier: it holds an entry named " + entry.getName());
                }
                if (entries.size() >= MAX_ENTRIES) {
                    throw new IllegalArgumentException("not a dossier: more than " + MAX_ENTRIES + " entries");
                }
                byte[] content = zip.readNBytes((int) Math.min(MAX_ENTRY + 1, MAX_TOTAL - total + 1));
                if (content.length > MAX_ENTRY || total + content.length > MAX_TOTAL) {
                    throw new IllegalArgumentException("not a dossier: " + entry.getName() + " unpacks to more than is kept in a dossier");
                }
                total += content.length;
                if (entries.put(entry.getName(), content) != null) {
                    throw new IllegalArgumentException("not a dossier: " + entry.getName() + " is in it twice");
                }
            }
        } catch (ZipException e) {
            throw new IllegalArgumentException(dossier + ": not a ZIP archive: " + e.getMessage());
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException(dossier + ": not a ZIP archive, or an empty one");
        }
        return entries;
    }
}
