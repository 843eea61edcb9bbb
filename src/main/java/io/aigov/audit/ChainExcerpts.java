package io.aigov.audit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.aigov.audit.AuditChainVerifier.Result;

/**
 * Makes {@link ChainExcerpt}s: for each record asked for, the records after it up to the first
 * checkpoint at or after it. A record newer than the latest checkpoint gets one: the chain from that
 * checkpoint to its head is verified and the head signed, as the background monitor would a minute later.
 */
@ApplicationScoped
public class ChainExcerpts {

    private final AuditRows rows;
    private final Checkpoints checkpoints;
    private final AuditChainVerifier verifier;

    public ChainExcerpts(AuditRows rows, Checkpoints checkpoints, AuditChainVerifier verifier) {
        this.rows = rows;
        this.checkpoints = checkpoints;
        this.verifier = verifier;
    }

    /** @throws AuditUnavailableException when the chain is broken where a new checkpoint would have to cover it */
    public ChainExcerpt of(SortedSet<Long> records) throws IOException {
        TreeMap<Long, Checkpoint> covering = new TreeMap<>();
        TreeMap<Long, Long> ranges = new TreeMap<>();
        for (long seq : records) {
            var known = covering.ceilingEntry(seq);
            Checkpoint checkpoint = known != null ? known.getValue() : checkpoints.firstCovering(seq).orElseGet(this::signHead);
            covering.put(checkpoint.seq(), checkpoint);
            ranges.merge(seq, checkpoint.seq(), Math::max);
        }
        List<String> lines = new ArrayList<>();
        long readUpTo = 0;
        for (var range : ranges.entrySet()) {
            long from = Math.max(range.getKey(), readUpTo + 1);
            if (from > range.getValue()) {
                continue;
            }
            rows.eachStored(new AuditFilter(" where " + AuditColumn.SEQ + " between ? and ?", List.of(from, range.getValue())),
                    " order by " + AuditColumn.SEQ, row -> lines.add(AuditExport.jsonLine(row)));
            readUpTo = range.getValue();
        }
        return new ChainExcerpt(lines, List.copyOf(covering.values()));
    }

    /** The head verified from the latest checkpoint on and signed. */
    private Checkpoint signHead() {
        Checkpoint latest = checkpoints.latest().map(Checkpoints.Found::checkpoint).orElse(null);
        Result result;
        try {
            result = latest == null ? verifier.verify(1, null, null, null, 1) : verifier.verify(latest.seq(), null, null, latest, 1);
        } catch (IOException e) {
            throw new AuditUnavailableException(AuditUnavailableException.Reason.DATABASE_ERROR, e);
        }
        if (!result.ok() || result.head() == null) {
            throw new IllegalStateException("the audit chain does not verify (" + result.problem() + " at seq " + result.brokenAt()
                    + "): no checkpoint is signed over it");
        }
        return checkpoints.sign(result.head());
    }
}
