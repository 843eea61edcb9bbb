package io.aigov.audit;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.aigov.audit.config.AuditConfig;
import io.aigov.shared.OwnerOnlyFiles;
import io.quarkus.runtime.Startup;

/**
 * Signs verified heads of the chain with the service's Ed25519 key and keeps every checkpoint in
 * three places: the append-only table, a file outside the database (one JSON line each) and,
 * optionally, an HTTP endpoint. The latest checkpoint is taken from the table and the file both,
 * so removing checkpoints from the database does not hide a rewrite that an earlier one proves.
 * Created at start-up, so that a key file that cannot be read stops the start and a generated
 * key's public half is in the start-up log.
 */
@Startup
@ApplicationScoped
public class Checkpoints {

    private static final Logger LOG = Logger.getLogger(Checkpoints.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GENERATED_KEY_FILE = "checkpoint-signing-key.pem";
    /** The end of the file read for the latest checkpoint: far more than one line, far less than the file. */
    private static final int TAIL_BYTES = 64 * 1024;

    /** A checkpoint as found in one place, with whether its signature holds. */
    public record Found(Checkpoint checkpoint, boolean signatureHolds, String where) {
    }

    public record Page(List<Checkpoint> items, int page, int size) {
    }

    private final DataSource dataSource;
    private final KeyPair key;
    private final String keyId;
    private final Path file;
    private final Optional<URI> webhook;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public Checkpoints(DataSource dataSource, AuditConfig config) {
        this.dataSource = dataSource;
        AuditConfig.Checkpoints settings = config.checkpoint();
        Path directory = EarlierFolders.inUse(settings.directory(), "aigov.audit.checkpoint.directory");
        this.key = settings.keyFile().map(Checkpoints::configuredKey).orElseGet(() -> generatedKey(directory));
        this.keyId = CheckpointKeys.keyId(key.getPublic());
        this.file = settings.file().orElse(directory.resolve("checkpoints.jsonl"));
        this.webhook = settings.webhookUrl();
    }

    public String keyId() {
        return keyId;
    }

    public String publicKeyPem() {
        return CheckpointKeys.publicPem(key.getPublic());
    }

    public Path file() {
        return file;
    }

    /** A dossier's manifest signed with this service's key (docs/controls.md, "Dossier"). */
    public String signManifest(byte[] manifest) {
        return CheckpointKeys.signManifest(manifest, key);
    }

    /**
     * The first checkpoint of this service's key at or after a sequence number: the signed head that
     * the records from there to it prove a record's place against.
     */
    public Optional<Checkpoint> firstCovering(long seq) {
        List<Checkpoint> found = new ArrayList<>();
        query("select seq, hash, signed_at, key_id, signature from audit_checkpoint where key_id = ? and seq >= ? order by seq, id limit 1",
                statement -> {
                    statement.setString(1, keyId);
                    statement.setLong(2, seq);
                }, found);
        return found.stream().findFirst();
    }

    /** Whether this checkpoint carries a valid signature of this service's key. */
    public boolean signatureHolds(Checkpoint checkpoint) {
        return CheckpointKeys.signatureHolds(checkpoint, key.getPublic());
    }

    /**
     * Signs a head the caller has verified and records the checkpoint in the table and the file; an
     * HTTP endpoint that fails is logged, the checkpoint stays in the other two.
     */
    public Checkpoint sign(AuditChain.Head verified) {
        Checkpoint checkpoint = CheckpointKeys.sign(verified, Instant.now().truncatedTo(ChronoUnit.MICROS), key);
        insert(checkpoint);
        append(checkpoint);
        webhook.ifPresent(endpoint -> post(endpoint, checkpoint));
        return checkpoint;
    }

    /**
     * The latest checkpoint of this key in the table and in the file, whichever is further along; one
     * whose signature does not hold comes first, since it is evidence of tampering in itself.
     */
    public Optional<Found> latest() {
        List<Found> found = new ArrayList<>();
        latestInTable().ifPresent(found::add);
        latestInFile().ifPresent(found::add);
        return found.stream().filter(candidate -> !candidate.signatureHolds()).findFirst()
                .or(() -> found.stream().max((a, b) -> Long.compare(a.checkpoint().seq(), b.checkpoint().seq())));
    }

    /** Checkpoints in the table, newest first, whichever key signed them. */
    public Page list(int page, int size) {
        List<Checkpoint> items = new ArrayList<>();
        query("select seq, hash, signed_at, key_id, signature from audit_checkpoint order by id desc limit ? offset ?", statement -> {
            statement.setInt(1, size);
            statement.setLong(2, (long) page * size);
        }, items);
        return new Page(items, page, size);
    }

    private Optional<Found> latestInTable() {
        List<Checkpoint> latest = new ArrayList<>();
        query("select seq, hash, signed_at, key_id, signature from audit_checkpoint where key_id = ? order by seq desc, id desc limit 1",
                statement -> statement.setString(1, keyId), latest);
        return latest.stream().findFirst().map(checkpoint -> new Found(checkpoint, signatureHolds(checkpoint), "table audit_checkpoint"));
    }

    /** The last line of this key in the file; lines of other keys (another instance's) are passed over. */
    private Optional<Found> latestInFile() {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (RandomAccessFile tail = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, tail.length() - TAIL_BYTES);
            byte[] bytes = new byte[(int) (tail.length() - start)];
            tail.seek(start);
            tail.readFully(bytes);
            String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n");
            for (int i = lines.length - 1; i >= (start == 0 ? 0 : 1); i--) {
                if (lines[i].isBlank()) {
                    continue;
                }
                Checkpoint checkpoint;
                try {
                    checkpoint = Checkpoint.fromJson(JSON.readTree(lines[i]));
                } catch (JsonProcessingException | IllegalArgumentException e) {
                    LOG.warnf("A line of the checkpoints file %s is not a checkpoint: %s", file, e.getMessage());
                    continue;
                }
                if (checkpoint.keyId().equals(keyId)) {
                    return Optional.of(new Found(checkpoint, signatureHolds(checkpoint), "file " + file));
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("reading the checkpoints file " + file + " failed", e);
        }
    }

    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private void query(String sql, Binder binder, List<Checkpoint> into) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    into.add(new Checkpoint(rows.getLong(1), rows.getString(2), rows.getObject(3, OffsetDateTime.class).toInstant(),
                            rows.getString(4), rows.getString(5)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading checkpoints failed: " + e.getMessage(), e);
        }
    }

    private void insert(Checkpoint checkpoint) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement insert = connection.prepareStatement(
                "insert into audit_checkpoint (seq, hash, signed_at, key_id, signature) values (?, ?, ?, ?, ?)")) {
            insert.setLong(1, checkpoint.seq());
            insert.setString(2, checkpoint.hash());
            insert.setObject(3, checkpoint.signedAt().atOffset(ZoneOffset.UTC));
            insert.setString(4, checkpoint.keyId());
            insert.setString(5, checkpoint.signature());
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("storing a checkpoint failed: " + e.getMessage(), e);
        }
    }

    /** Appends one line, on disk before the checkpoint counts as written. */
    private void append(Checkpoint checkpoint) {
        try {
            DurableFiles.appendLines(file, List.of(checkpoint.toJson()));
        } catch (IOException e) {
            throw new UncheckedIOException("writing the checkpoint to " + file + " failed", e);
        }
    }

    private void post(URI endpoint, Checkpoint checkpoint) {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(checkpoint.toJson())).build(),
                    HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                LOG.warnf("Posting the checkpoint at seq %d to %s was answered %d", checkpoint.seq(), endpoint, response.statusCode());
            }
        } catch (IOException e) {
            LOG.warnf("Posting the checkpoint at seq %d to %s failed: %s", checkpoint.seq(), endpoint, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static KeyPair configuredKey(Path keyFile) {
        try {
            return CheckpointKeys.readKeyPair(Files.readString(keyFile));
        } catch (IOException e) {
            throw new IllegalStateException("aigov.audit.checkpoint.key-file: cannot read " + keyFile + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("aigov.audit.checkpoint.key-file: " + keyFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * The key generated at first start, readable by the service's user only. Instances starting
     * together on one folder agree on one key: the first to link its file into place wins.
     */
    private static KeyPair generatedKey(Path directory) {
        Path keyFile = directory.resolve(GENERATED_KEY_FILE);
        try {
            if (!Files.exists(keyFile)) {
                KeyPair generated = CheckpointKeys.generate();
                if (OwnerOnlyFiles.createIfAbsent(keyFile, CheckpointKeys.privatePem(generated.getPrivate())
                        + CheckpointKeys.publicPem(generated.getPublic()))) {
                    LOG.infof("Generated the checkpoint signing key %s (key id %s). Its public key, for auditors:%n%s", keyFile.toAbsolutePath(),
                            CheckpointKeys.keyId(generated.getPublic()), CheckpointKeys.publicPem(generated.getPublic()));
                    return generated;
                }
                // Another instance generated the key a moment earlier: use that one.
            }
            return configuredKey(keyFile);
        } catch (IOException e) {
            throw new IllegalStateException("cannot keep the generated checkpoint signing key in " + directory.toAbsolutePath()
                    + " (set aigov.audit.checkpoint.directory or aigov.audit.checkpoint.key-file): " + e.getMessage(), e);
        }
    }
}
