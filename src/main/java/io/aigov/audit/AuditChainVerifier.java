package io.aigov.audit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.aigov.audit.AuditChain.Head;

/**
 * Walks the chain in sequence order and names the first record that breaks it: a record missing
 * (a gap in the sequence), content altered (the record's hash does not match what it says), or the
 * order changed (a record does not link to the one before it).
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

    public AuditChainVerifier(AuditRows rows) {
        this.rows = rows;
    }

    /**
     * @param from  first sequence number to check (1 for the whole chain); its link is checked
     *              against the stored record before it
     * @param to    last sequence number to check, or null for the head
     * @param noted a head written down earlier: the record at its sequence number must still have
     *              its hash, which proves the log since then only grew
     */
    public Result verify(long from, Long to, Head noted) throws IOException {
        List<Object> bounds = new ArrayList<>();
        long start = noted != null ? Math.min(from, noted.seq()) : from;
        StringBuilder where = new StringBuilder(" where seq >= ?");
        bounds.add(start - 1);
        if (to != null) {
            where.append(" and seq <= ?");
            bounds.add(to);
        }
        Walk walk = new Walk(start, noted);
        rows.eachStored(new AuditFilter(where.toString(), bounds), " order by seq", walk::check);
        if (walk.result == null && noted != null && !walk.notedSeen) {
            walk.result = new Result(false, walk.count, walk.head, noted.seq(), Problem.NOTED_HEAD_MISMATCH,
                    "no record has the noted sequence number " + noted.seq());
        }
        return walk.result != null ? walk.result : new Result(true, walk.count, walk.head, null, null, null);
    }

    private static final class Walk {
        private final long start;
        private final Head noted;
        private long expected;
        private String previousHash;
        private long count;
        private Head head;
        private boolean notedSeen;
        private Result result;

        Walk(long start, Head noted) {
            this.start = start;
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

        private void fail(long at, Problem problem, String detail) {
            result = new Result(false, count, head, at, problem, detail);
        }
    }
}
