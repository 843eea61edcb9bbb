package io.aigov.audit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.aigov.audit.AuditChain.Head;
import io.aigov.audit.config.AuditConfig;
import io.aigov.shared.DaemonThreads;

/**
 * Walks the chain, or a range of it, in sequence order and names the first record that breaks it:
 * a record missing (a gap in the sequence), content altered (the record's hash does not match what
 * it says), or the order changed (a record does not link to the one before it). A range answers for
 * its own records and for the link of its first record to the hash stored with the record before
 * it, never for that record's content: what lies before a range is checked by a range that holds
 * it. A long span is walked in consecutive ranges side by side, one per core, each checking the
 * link into it the same way, so the answer is the one a single walk would give.
 */
@ApplicationScoped
public class AuditChainVerifier {

    public enum Problem {
        RECORD_MISSING,
        CONTENT_ALTERED,
        ORDER_CHANGED,
        NOTED_HEAD_MISMATCH,
        /** The record at a signed checkpoint's sequence number no longer has the hash the checkpoint signed: the chain was rewritten. */
        CHECKPOINT_CONTRADICTED,
        /** The chain ends before a signed checkpoint's sequence number: records were cut off its end. */
        CHAIN_TRUNCATED,
        /** A checkpoint's signature does not hold: it was not signed by the key it names, or was changed since. */
        CHECKPOINT_SIGNATURE_INVALID
    }

    /**
     * @param count      records checked
     * @param head       the last record checked
     * @param brokenAt   sequence number of the first broken record, or null when the chain holds
     * @param checkpoint the signed checkpoint the chain was checked against, or null
     */
    public record Result(boolean ok, long count, Head head, Long brokenAt, Problem problem, String detail, Checkpoint checkpoint) {

        /** A checkpoint whose signature does not hold, found before the chain was walked. */
        public static Result forgedCheckpoint(Checkpoint checkpoint, String where) {
            return new Result(false, 0, null, checkpoint.seq(), Problem.CHECKPOINT_SIGNATURE_INVALID,
                    "the checkpoint at seq " + checkpoint.seq() + " signed at " + checkpoint.signedAt() + " (" + where
                            + ") does not carry a valid signature of key " + checkpoint.keyId(), checkpoint);
        }
    }

    private final AuditRows rows;
    private final Checkpoints checkpoints;
    private final int parallelism;
    private final long minRange;
    private final ExecutorService walkers;

    public AuditChainVerifier(AuditRows rows, Checkpoints checkpoints, AuditConfig config) {
        this.rows = rows;
        this.checkpoints = checkpoints;
        this.parallelism = Math.max(1, config.verificationThreads().orElse(Runtime.getRuntime().availableProcessors()));
        this.minRange = Math.max(1, config.verificationMinRange());
        this.walkers = Executors.newFixedThreadPool(parallelism, DaemonThreads.named("audit-verification"));
    }

    @PreDestroy
    void stop() {
        walkers.shutdownNow();
    }

    /**
     * @param from  first sequence number to check (1 for the whole chain); its link is checked
     *              against the hash stored with the record before it
     * @param to    last sequence number to check, or null for the head
     * @param noted a head written down earlier, within the range: the record at its sequence number
     *              must still have its hash, which proves the log since then only grew
     *
     * The range is also checked against the latest signed checkpoint (see {@link Checkpoints#latest()})
     * when that lies within it.
     */
    public Result verify(long from, Long to, Head noted) throws IOException {
        Optional<Checkpoints.Found> latest = checkpoints.latest();
        if (latest.isPresent() && !latest.get().signatureHolds()) {
            return Result.forgedCheckpoint(latest.get().checkpoint(), latest.get().where());
        }
        return verify(from, to, noted, latest.map(Checkpoints.Found::checkpoint).orElse(null), parallelism);
    }

    /** Verifies the whole chain against a checkpoint an auditor kept, once its signature is found to be the service's. */
    public Result verifyAgainst(Checkpoint kept) throws IOException {
        if (!checkpoints.signatureHolds(kept)) {
            return Result.forgedCheckpoint(kept, "as supplied");
        }
        return verify(1, null, null, kept, parallelism);
    }

    /**
     * As {@link #verify(long, Long, Head)}, also against a signed checkpoint whose signature the
     * caller checked: when its sequence number lies within the range, the record there must exist
     * and still have its hash, which proves that nothing up to there was rewritten (even with every
     * hash recomputed) or cut off. One outside the range says nothing about it and is left out.
     *
     * @param noted      a head within the range, or null
     * @param checkpoint a checkpoint, or null
     * @param maxRanges  ranges walked side by side at most, to leave cores to other work
     */
    public Result verify(long from, Long to, Head noted, Checkpoint checkpoint, int maxRanges) throws IOException {
        // Archived partitions are no longer in the database: the chain there starts after the last
        // archived record, whose hash the first record must link to. Whatever lies before it is
        // checked in the archive (docs/audit.md, "Retention").
        Optional<Head> archived = rows.archivedBoundary();
        long firstKept = archived.map(boundary -> boundary.seq() + 1).orElse(1L);
        long start = Math.max(from, firstKept);
        if (checkpoint != null && (checkpoint.seq() < start || (to != null && checkpoint.seq() > to))) {
            checkpoint = null;
        }
        if (noted != null && noted.seq() < firstKept) {
            noted = null;
        }
        String linkIntoStart = archived.filter(boundary -> boundary.seq() + 1 == start).map(Head::hash).orElse(null);
        long head = rows.head().map(Head::seq).orElse(0L);
        long end = to != null ? Math.min(to, head) : head;
        // Consecutive ranges walked side by side, each with its own cursor. Each must reach its last
        // record, so that one deleted at its end is found while the chain goes on after it; the
        // last runs on past the head when no end was requested, as a single walk would.
        int ranges = (int) Math.max(1, Math.min(Math.min(parallelism, maxRanges), (end - start + 1) / minRange));
        long size = (end - start + ranges) / ranges;
        List<Walk> walks = new ArrayList<>();
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < ranges; i++) {
            long first = start + i * size;
            boolean lastRange = i == ranges - 1;
            Long last = !lastRange ? Long.valueOf(first + size - 1) : to != null ? Long.valueOf(end) : null;
            Walk walk = new Walk(first, last, last != null, noted, checkpoint);
            if (i == 0 && linkIntoStart != null) {
                walk.previousHash = linkIntoStart;
            }
            walks.add(walk);
            running.add(walkers.submit(() -> {
                walk(walk);
                return null;
            }));
        }
        for (Future<?> walk : running) {
            try {
                walk.get();
            } catch (InterruptedException e) {
                running.forEach(other -> other.cancel(true));
                Thread.currentThread().interrupt();
                throw new IOException("verification was interrupted", e);
            } catch (ExecutionException e) {
                running.forEach(other -> other.cancel(true));
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IOException(e.getCause());
            }
        }
        return combined(walks, noted, checkpoint);
    }

    private void walk(Walk walk) throws IOException {
        List<Object> bounds = new ArrayList<>();
        StringBuilder where = new StringBuilder(" where seq >= ?");
        bounds.add(walk.start - 1);
        if (walk.last != null) {
            where.append(" and seq <= ?");
            bounds.add(walk.last);
        }
        rows.eachStored(new AuditFilter(where.toString(), bounds), " order by seq", walk::check);
        walk.finish();
    }

    /** What one walk over the whole span would have found: the first break in sequence order, and the records before it. */
    static Result combined(List<Walk> walks, Head noted, Checkpoint checkpoint) {
        long count = 0;
        Head head = null;
        boolean notedSeen = false;
        boolean checkpointSeen = false;
        for (Walk walk : walks) {
            if (walk.head != null) {
                head = walk.head;
            }
            if (walk.result != null) {
                return new Result(false, count + walk.count, head, walk.result.brokenAt(), walk.result.problem(), walk.result.detail(),
                        checkpoint);
            }
            count += walk.count;
            notedSeen |= walk.notedSeen;
            checkpointSeen |= walk.checkpointSeen;
        }
        if (noted != null && !notedSeen) {
            return new Result(false, count, head, noted.seq(), Problem.NOTED_HEAD_MISMATCH,
                    "no record has the noted sequence number " + noted.seq(), checkpoint);
        }
        if (checkpoint != null && !checkpointSeen) {
            long missing = walks.get(walks.size() - 1).expected;
            return new Result(false, count, head, missing, Problem.CHAIN_TRUNCATED, "the chain ends at seq " + (missing - 1)
                    + " but the checkpoint signed at " + checkpoint.signedAt() + " covers records up to seq " + checkpoint.seq(), checkpoint);
        }
        return new Result(true, count, head, null, null, null, checkpoint);
    }

    /** One walk over consecutive records in sequence order; the offline verifier walks an export with it too. */
    static final class Walk {
        private final long start;
        /** The last sequence number, or null to run on to the head. */
        private final Long last;
        /** Whether the range must reach {@link #last}: a range that a next one continues. */
        private final boolean bounded;
        private final Head noted;
        private final Checkpoint checkpoint;
        private long expected;
        private String previousHash;
        private long count;
        private Head head;
        private boolean notedSeen;
        private boolean checkpointSeen;
        private Result result;

        Walk(long start, Long last, boolean bounded, Head noted, Checkpoint checkpoint) {
            this.start = start;
            this.last = last;
            this.bounded = bounded;
            this.noted = noted;
            this.checkpoint = checkpoint;
            this.expected = start;
            this.previousHash = start == 1 ? AuditChain.GENESIS : null;
        }

        void check(AuditRows.StoredRecord record) throws IOException {
            if (result != null) {
                return;
            }
            if (record.seq() < start) {
                // The record before the range only supplies the hash the range must link to.
                previousHash = record.hash();
                return;
            }
            if (record.seq() != expected) {
                fail(expected, Problem.RECORD_MISSING, "expected sequence number " + expected + ", found " + record.seq());
                return;
            }
            if (previousHash == null) {
                fail(start - 1, Problem.RECORD_MISSING, "the record before seq " + start + ", whose hash it must link to, is missing");
                return;
            }
            String id = record.content().path("id").asText();
            if (!AuditChain.hash(record.prevHash(), record.hashedText()).equals(record.hash())) {
                fail(record.seq(), Problem.CONTENT_ALTERED, "record " + id + " does not match its hash");
                return;
            }
            if (!record.columnsMatchCanonical()) {
                fail(record.seq(), Problem.CONTENT_ALTERED, "record " + id + " says something else than the canonical text its hash covers");
                return;
            }
            if (!previousHash.equals(record.prevHash())) {
                fail(record.seq(), Problem.ORDER_CHANGED, "record " + id + " does not link to the record before it");
                return;
            }
            if (noted != null && record.seq() == noted.seq()) {
                notedSeen = true;
                if (!record.hash().equals(noted.hash())) {
                    fail(record.seq(), Problem.NOTED_HEAD_MISMATCH, "the record at the noted head has hash " + record.hash());
                    return;
                }
            }
            if (checkpoint != null && record.seq() == checkpoint.seq()) {
                checkpointSeen = true;
                if (!record.hash().equals(checkpoint.hash())) {
                    fail(record.seq(), Problem.CHECKPOINT_CONTRADICTED, "the record at seq " + record.seq() + " has hash " + record.hash()
                            + " but the checkpoint signed at " + checkpoint.signedAt() + " says " + checkpoint.hash()
                            + ": this record or one before it was rewritten");
                    return;
                }
            }
            previousHash = record.hash();
            expected++;
            count++;
            head = new Head(record.seq(), record.hash());
        }

        /** Records missing at the end of a range that the next range continues are a gap in the chain. */
        void finish() {
            if (result == null && bounded && expected <= last) {
                fail(expected, Problem.RECORD_MISSING, "expected sequence number " + expected + ", found none before " + (last + 1));
            }
        }

        private void fail(long at, Problem problem, String detail) {
            result = new Result(false, count, head, at, problem, detail, checkpoint);
        }
    }
}
