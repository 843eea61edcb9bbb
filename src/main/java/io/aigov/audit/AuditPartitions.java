package io.aigov.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

import io.aigov.audit.config.AuditConfig;
import io.aigov.shared.DaemonThreads;

/**
 * The chain's partitions: consecutive ranges of sequence numbers, made ahead of the chain, and
 * archived and detached, oldest first, once every record in one is past the retention period of
 * its kind. Archiving writes the partition as a JSON Lines export, verifies it (the records, their
 * link to what came before, the file as written), records it in {@code audit_archive} and only
 * then detaches the partition; the detached table stays in the database until someone drops it.
 * A partition whose records a SIEM sink does not have yet stays.
 */
@ApplicationScoped
public class AuditPartitions {

    private static final Logger LOG = Logger.getLogger(AuditPartitions.class);
    private static final Pattern NAME = Pattern.compile("audit_log_p\\d{12}");
    private static final String PARTITIONS = "select c.relname, (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'FROM \\(''?(\\d+)''?\\)'))[1]::bigint,"
            + " (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \\(''?(\\d+)''?\\)'))[1]::bigint"
            + " from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'audit_log'::regclass order by 2";

    /** Why a partition cannot be archived now. */
    public static class NotArchivable extends RuntimeException {
        public NotArchivable(String message) {
            super(message);
        }
    }

    public static class UnknownPartition extends RuntimeException {
        public UnknownPartition(String message) {
            super(message);
        }
    }

    /**
     * @param newest        the newest record of each kind in the partition
     * @param retainedUntil when the last of its records leaves its retention period; null when empty
     */
    public record Partition(String name, long fromSeq, long toSeq, long records, Map<AuditKind, Instant> newest, Instant retainedUntil,
            boolean expired) {
    }

    /**
     * Sequence numbers from {@code from} (inclusive) to {@code to} (exclusive); a null bound is open.
     */
    public record SeqRange(Long from, Long to) {
    }

    /** An archived partition, as {@code audit_archive} records it. */
    public record Archive(String partitionName, long firstSeq, long lastSeq, String lastHash, long records, String file, String fileSha256,
            Instant archivedAt, String archivedBy) {
    }

    private final DataSource dataSource;
    private final AuditConfig.Retention settings;
    private final Path archiveDirectory;
    private final AuditExport export;
    private final AuditChainVerifier verifier;
    private final AuditRows rows;
    private final SiemDelivery siem;
    private final Map<AuditKind, Period> periods = new EnumMap<>(AuditKind.class);
    private final ScheduledExecutorService maintenance = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("audit-partitions"));
    /** Where the attached partitions start, newest first, as last read from the catalogue. */
    private volatile List<Long> starts = List.of();

    public AuditPartitions(DataSource dataSource, AuditConfig config, AuditExport export, AuditChainVerifier verifier, AuditRows rows,
            SiemDelivery siem) {
        this.dataSource = dataSource;
        this.rows = rows;
        this.siem = siem;
        this.settings = config.retention();
        this.archiveDirectory = EarlierFolders.inUse(settings.archiveDirectory(), "aigov.audit.retention.archive-directory");
        this.export = export;
        this.verifier = verifier;
        for (Map.Entry<String, Period> period : settings.periods().entrySet()) {
            try {
                periods.put(AuditKind.valueOf(period.getKey().toUpperCase(Locale.ROOT)), period.getValue());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("aigov.audit.retention.periods." + period.getKey() + ": no such kind of record; kinds are "
                        + List.of(AuditKind.values()));
            }
        }
    }

    void start(@Observes StartupEvent started) {
        ensureAhead(settings.partitionSize());
        readStarts();
        maintenance.scheduleWithFixedDelay(() -> {
            try {
                ensureAhead(settings.partitionSize());
                readStarts();
            } catch (RuntimeException e) {
                LOG.warnf("Making the next partition of the audit chain failed (tried again in 10 s): %s", e.getMessage());
            }
        }, 10, 10, TimeUnit.SECONDS);
    }

    /**
     * Consecutive ranges that together cover the whole chain, newest first: the newest partition
     * (open above, so a partition made since is in it), the two before it, then four, eight, and so
     * on, the last open below. A search reads them in turn until it has what it needs, and most
     * need only the first. Correct whatever the partitions are now; they only make it quick.
     */
    public List<SeqRange> searchRanges() {
        List<Long> known = starts;
        List<SeqRange> ranges = new ArrayList<>();
        Long upper = null;
        int next = 0;
        for (int width = 1; next < known.size() - 1; width *= 2) {
            next = Math.min(next + width, known.size()) - 1;
            ranges.add(new SeqRange(known.get(next), upper));
            upper = known.get(next);
            next++;
        }
        ranges.add(new SeqRange(null, upper));
        return ranges;
    }

    private void readStarts() {
        List<Long> read = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(PARTITIONS)) {
            while (rows.next()) {
                read.add(0, rows.getLong(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the partitions of the audit chain failed: " + e.getMessage(), e);
        }
        starts = List.copyOf(read);
    }

    @PreDestroy
    void stop() {
        maintenance.shutdownNow();
    }

    public static boolean isPartitionName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** Records per partition, for partitions made from now on. */
    long partitionSize() {
        return settings.partitionSize();
    }

    /** The retention period of a kind of record. */
    public Period retention(AuditKind kind) {
        return periods.getOrDefault(kind, settings.defaultPeriod());
    }

    /** Makes partitions for the records up to {@code records} past the head, if they are not there yet. */
    void ensureAhead(long records) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement ensure = connection.prepareStatement(
                "select audit_log_partition_for(coalesce((select max(seq) from audit_log), 0) + ?, ?)")) {
            ensure.setLong(1, records);
            ensure.setLong(2, settings.partitionSize());
            ensure.execute();
        } catch (SQLException e) {
            throw new IllegalStateException("making a partition of the audit chain failed: " + e.getMessage(), e);
        }
    }

    /** The attached partitions, oldest first, with what they hold and until when it must be kept. */
    public List<Partition> list() {
        Instant now = Instant.now();
        List<Partition> partitions = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(PARTITIONS)) {
            while (rows.next()) {
                partitions.add(describe(connection, rows.getString(1), rows.getLong(2), rows.getLong(3), now));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the partitions of the audit chain failed: " + e.getMessage(), e);
        }
        return partitions;
    }

    public List<Archive> archives() {
        List<Archive> archives = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select partition_name, first_seq, last_seq, last_hash, records, file, file_sha256,"
                        + " archived_at, archived_by from audit_archive order by last_seq")) {
            while (rows.next()) {
                archives.add(new Archive(rows.getString(1), rows.getLong(2), rows.getLong(3), rows.getString(4), rows.getLong(5),
                        rows.getString(6), rows.getString(7), rows.getObject(8, OffsetDateTime.class).toInstant(), rows.getString(9)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the archived partitions failed: " + e.getMessage(), e);
        }
        return archives;
    }

    /**
     * Archives the oldest partition once all its records are past their retention and the chain has
     * moved on past it, then detaches it.
     *
     * @throws UnknownPartition when no attached partition has the name
     * @throws NotArchivable    naming why not: not the oldest, still written to, still retained, or not yet streamed
     */
    public Archive archive(String name, String actor) throws IOException {
        if (!isPartitionName(name)) {
            throw new UnknownPartition("no partition of the audit chain is named '" + name + "'");
        }
        List<Partition> partitions = list();
        Partition partition = partitions.stream().filter(candidate -> candidate.name().equals(name)).findFirst()
                .orElseThrow(() -> new UnknownPartition("no attached partition of the audit chain is named " + name));
        if (partitions.get(0) != partition) {
            throw new NotArchivable("partitions are archived oldest first: archive " + partitions.get(0).name() + " before " + name);
        }
        long head = rows.head().map(AuditChain.Head::seq).orElse(0L);
        if (partition.records() == 0 || head < partition.toSeq()) {
            throw new NotArchivable(name + " is still being written to: the chain has not passed seq " + (partition.toSeq() - 1));
        }
        if (!partition.expired()) {
            throw new NotArchivable(name + " holds records retained until " + partition.retainedUntil());
        }
        long first = partition.fromSeq();
        long last = partition.toSeq() - 1;
        for (SiemDelivery.Position position : positions()) {
            if (position.deliveredSeq() < last) {
                throw new NotArchivable(name + " holds records not yet delivered to the SIEM sink " + position.sink()
                        + ", which has them up to seq " + position.deliveredSeq() + ": once detached they would never reach it");
            }
        }
        AuditChainVerifier.Result verified = verifier.verify(first, last, null, null, 1);
        if (!verified.ok() || verified.count() != partition.records()) {
            throw new NotArchivable(name + " does not verify, so it is not archived: " + verified.problem() + " at seq " + verified.brokenAt()
                    + ", " + verified.detail());
        }
        Path file = archiveDirectory.resolve(name + ".jsonl");
        String sha256 = write(file, first, last);
        if (!sha256.equals(sha256(file))) {
            throw new IOException("the archive " + file + " does not read back as written");
        }
        Archive archive = new Archive(name, first, last, verified.head().hash(), partition.records(), file.toAbsolutePath().toString(), sha256,
                Instant.now(), actor);
        detach(archive);
        LOG.warnf("Archived and detached the audit partition %s (seq %d to %d, %d records, retained until %s) by %s into %s, SHA-256 %s;"
                + " the detached table %s stays in the database until dropped", name, first, last, partition.records(),
                partition.retainedUntil(), actor, file.toAbsolutePath(), sha256, name);
        return archive;
    }

    private List<SiemDelivery.Position> positions() throws IOException {
        try {
            return siem.positions();
        } catch (SQLException e) {
            throw new IOException("reading how far the SIEM sinks have the chain failed: " + e.getMessage(), e);
        }
    }

    /** Read from each partition's indexes only: the seq bounds, and the newest record per kind. */
    private Partition describe(Connection connection, String name, long from, long to, Instant now) throws SQLException {
        Map<AuditKind, Instant> newest = new LinkedHashMap<>();
        long records = 0;
        // The name comes from the catalogue, never from a request.
        try (Statement statement = connection.createStatement();
                ResultSet bounds = statement.executeQuery("select min(seq), max(seq) from " + name)) {
            bounds.next();
            if (bounds.getObject(1) != null) {
                records = bounds.getLong(2) - bounds.getLong(1) + 1;
            }
        }
        try (PreparedStatement latest = connection.prepareStatement("select max(evaluated_at) from " + name + " where kind = ?")) {
            for (AuditKind kind : AuditKind.values()) {
                latest.setString(1, kind.name());
                try (ResultSet row = latest.executeQuery()) {
                    if (row.next() && row.getObject(1) != null) {
                        newest.put(kind, row.getObject(1, OffsetDateTime.class).toInstant());
                    }
                }
            }
        }
        Instant retainedUntil = newest.entrySet().stream()
                .map(entry -> entry.getValue().atOffset(ZoneOffset.UTC).plus(retention(entry.getKey())).toInstant())
                .max(Instant::compareTo).orElse(null);
        return new Partition(name, from, to, records, newest, retainedUntil, retainedUntil != null && retainedUntil.isBefore(now));
    }

    private String write(Path file, long first, long last) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        MessageDigest sha256 = sha256Digest();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                OutputStream out = new DigestOutputStream(Channels.newOutputStream(channel), sha256)) {
            long[] next = { first - 1 };
            while (next[0] < last) {
                long before = next[0];
                export.jsonLinesAfter(next[0], (int) Math.min(10_000, last - next[0]), (seq, line) -> {
                    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                    next[0] = seq;
                });
                if (next[0] == before) {
                    throw new IOException("records after seq " + before + " went missing while archiving");
                }
            }
            out.flush();
            channel.force(true);
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private void detach(Archive archive) throws IOException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                // Detaching waits for readers of the chain; better to fail and be tried again than to stop appends.
                statement.execute("set local lock_timeout = '5s'");
                try (PreparedStatement insert = connection.prepareStatement("insert into audit_archive (partition_name, first_seq, last_seq,"
                        + " last_hash, records, file, file_sha256, archived_at, archived_by) values (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    insert.setString(1, archive.partitionName());
                    insert.setLong(2, archive.firstSeq());
                    insert.setLong(3, archive.lastSeq());
                    insert.setString(4, archive.lastHash());
                    insert.setLong(5, archive.records());
                    insert.setString(6, archive.file());
                    insert.setString(7, archive.fileSha256());
                    insert.setObject(8, archive.archivedAt().atOffset(ZoneOffset.UTC));
                    insert.setString(9, archive.archivedBy());
                    insert.executeUpdate();
                }
                statement.execute("alter table audit_log detach partition " + archive.partitionName());
                connection.commit();
                readStarts();
            } catch (SQLException e) {
                connection.rollback();
                Files.deleteIfExists(Path.of(archive.file()));
                throw new IOException("detaching " + archive.partitionName() + " failed, nothing was archived: " + e.getMessage(), e);
            }
        } catch (SQLException e) {
            throw new IOException("detaching " + archive.partitionName() + " failed: " + e.getMessage(), e);
        }
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest sha256 = sha256Digest();
        try (var in = new DigestInputStream(Files.newInputStream(file), sha256)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
