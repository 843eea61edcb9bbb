package io.aigov.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

/** The one writer of the audit chain survives whatever a write throws. */
class GroupCommitTest {

    @Test
    void anErrorFromAWriteFailsThatBatchAndTheWriterGoesOn() {
        AtomicBoolean first = new AtomicBoolean(true);
        List<String> written = new CopyOnWriteArrayList<>();
        GroupCommit<String> commit = new GroupCommit<>(batch -> {
            if (first.getAndSet(false)) {
                throw new AssertionError("as a driver's assertion would, under -ea");
            }
            written.addAll(batch);
        }, failure -> false, Duration.ofSeconds(5));
        try {
            assertThrows(AuditUnavailableException.class, () -> commit.append("lost"));
            commit.append("kept");
            assertEquals(List.of("kept"), written);
        } finally {
            commit.stop();
        }
    }
}
