package io.aigov.audit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.aigov.audit.AuditChain.Head;
import io.aigov.audit.config.AuditConfig;
import io.aigov.concurrent.DaemonThreads;

/**
 * Walks the chain in sequence order and names the first record that breaks it: a record missing
 * (a gap in the sequence), content altered (the record's hash does not match what it says), or the
 * order changed (a record does not link to the one before it). A long chain is walked in
 * consecutive ranges side by side, one per core, each checking the link into it from the record
 * before it, so the answer is the one a single walk would give.
 */
@ApplicationScoped
public class AuditChainVerifier {

    public enum Problem {
        RECORD_MISSING,
        CONTENT_ALTERED,
        ORDER_CHANGED,
        NOTED_HEAD_MISMATCH
    }

    /**
     * @param count      records checked
     * @param head       the last record checked
     * @param brokenAt   sequence number of the first broken record, or null when the chain holds
     */
    public record Result(boolean ok, long count, Head head, Long brokenAt, Problem problem, String detail) {
    }

    private final AuditRows rows;
    private final AuditLog auditLog;
    private final int parallelism;
    private final long minRange;
    private final ExecutorService walkers;

    public AuditChainVerifier(AuditRows rows, AuditLog auditLog, AuditConfig config) {
        this.rows = rows;
        this.auditLog = auditLog;
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
     *              against the stored record before it
     * @param to    last sequence number to check, or null for the head
     * @param noted a head written down earlier: the record at its sequence number must still have
     *              its hash, which proves the log since then only grew
     */
    public Result verify(long from, Long to, Head noted) throws IOException {
        long start = noted != null ? Math.min(from, noted.seq()) : from;
        long end = to != null ? to : auditLog.head().map(Head::seq).orElse(0L);
        // Consecutive ranges walked side by side, each with its own cursor; the last one runs to the
        // requested end, or on past the head when none was requested, as a single walk would.
        int ranges = (int) Math.max(1, Math.min(parallelism, (end - start + 1) / minRange));
        long size = (end - start + ranges) / ranges;
        List<Walk> walks = new ArrayList<>();
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < ranges; i++) {
            long first = start + i * size;
            Long last = i == ranges - 1 ? to : Long.valueOf(first + size - 1);
            Walk walk = new Walk(first, last, i < ranges - 1, noted);
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
        return combined(walks, noted);
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
    private static Result combined(List<Walk> walks, Head noted) {
        long count = 0;
        Head head = null;
        boolean notedSeen = false;
        for (Walk walk : walks) {
            if (walk.head != null) {
                head = walk.head;
            }
            if (walk.result != null) {
                return new Result(false, count + walk.count, head, walk.result.brokenAt(), walk.result.problem(), walk.result.detail());
            }
            count += walk.count;
            notedSeen |= walk.notedSeen;
        }
        if (noted != null && !notedSeen) {
            return new Result(false, count, head, noted.seq(), Problem.NOTED_HEAD_MISMATCH,
                    "no record has the noted sequence number " + noted.seq());
        }
        return new Result(true, count, head, null, null, null);
    }

    private static final class Walk {
        private final long start;
        /** The last sequence number, or null to run on to the head. */
        private final Long last;
        /** Whether the range must reach {@link #last}: a range that a next one continues. */
        private final boolean bounded;
        private final Head noted;
        private long expected;
        private String previousHash;
        private long count;
        private Head head;
        private boolean notedSeen;
        private Result result;

        Walk(long start, Long last, boolean bounded, Head noted) {
            this.start = start;
            this.last = last;
            this.bounded = bounded;
            this.noted = noted;
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
            String id = record.content().path("id").asText();
            if (!AuditChain.hash(record.prevHash(), record.hashedText()).equals(record.hash())) {
                fail(record.seq(), Problem.CONTENT_ALTERED, "record " + id + " does not match its hash");
                return;
            }
            if (!record.columnsMatchCanonical()) {
                fail(record.seq(), Problem.CONTENT_ALTERED, "record " + id + " says something else than the canonical text its hash covers");
                return;
            }
            if (previousHash != null && !previousHash.equals(record.prevHash())) {
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
            result = new Result(false, count, head, at, problem, detail);
        }
    }
}
