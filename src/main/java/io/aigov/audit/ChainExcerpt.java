package io.aigov.audit;

import java.io.IOException;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

import io.aigov.audit.AuditChainVerifier.Problem;
import io.aigov.audit.AuditChainVerifier.Result;

/**
 * Some records of the chain, each proven in its place without the rest of the chain or the
 * database: with it come the records after it up to the first signed checkpoint at or after it, so
 * that each link up to the signed head can be checked. Checkpoints are signed about once a minute,
 * so a record brings the records of about a minute with it.
 *
 * @param lines       the records as the JSON Lines export writes them, in sequence order
 * @param checkpoints the checkpoints the records are proven against
 */
public record ChainExcerpt(List<String> lines, List<Checkpoint> checkpoints) {

    /**
     * Checks each record of {@code proven} in its place: its content matches its hash, each record
     * after it up to its checkpoint is there and links to the one before, and the checkpoint's
     * signature holds for the key. The answer names the first record or checkpoint that fails.
     *
     * @param records the excerpt's records by sequence number, as read from its lines
     */
    public static Result verify(NavigableMap<Long, JsonNode> records, List<Checkpoint> checkpoints, PublicKey key, SortedSet<Long> proven)
            throws IOException {
        NavigableMap<Long, Checkpoint> bySeq = new TreeMap<>();
        for (Checkpoint checkpoint : checkpoints) {
            if (!CheckpointKeys.signatureHolds(checkpoint, key)) {
                return Result.forgedCheckpoint(checkpoint, "the excerpt's checkpoints");
            }
            bySeq.put(checkpoint.seq(), checkpoint);
        }
        long count = 0;
        long walkedUpTo = 0;
        Checkpoint last = null;
        for (long seq : proven) {
            Optional<Map.Entry<Long, Checkpoint>> covering = Optional.ofNullable(bySeq.ceilingEntry(seq));
            if (covering.isEmpty()) {
                return new Result(false, count, null, seq, Problem.CHAIN_TRUNCATED,
                        "no signed checkpoint at or after record seq " + seq + " comes with the excerpt", last);
            }
            Checkpoint checkpoint = covering.get().getValue();
            last = checkpoint;
            if (seq <= walkedUpTo) {
                // Proven already, on the way from an earlier record to the same checkpoint.
                continue;
            }
            JsonNode first = records.get(seq);
            if (first == null) {
                return new Result(false, count, null, seq, Problem.RECORD_MISSING, "record seq " + seq + " is missing from the excerpt",
                        checkpoint);
            }
            AuditChainVerifier.Walk walk = new AuditChainVerifier.Walk(seq, checkpoint.seq(), true, null, checkpoint);
            // What lies before the record is not the excerpt's to prove: the walk starts from the link the record itself names.
            walk.check(new AuditRows.StoredRecord(seq - 1, null, first.path("prevHash").asText(), null, null));
            for (JsonNode line : records.subMap(seq, true, checkpoint.seq(), true).values()) {
                walk.check(OfflineVerification.stored(line));
            }
            walk.finish();
            Result walked = AuditChainVerifier.combined(List.of(walk), null, checkpoint);
            if (!walked.ok()) {
                return walked;
            }
            count += walked.count();
            walkedUpTo = checkpoint.seq();
        }
        return new Result(true, count, last == null ? null : last.head(), null, null, null, last);
    }
}
