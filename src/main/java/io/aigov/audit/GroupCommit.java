package io.aigov.audit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.jboss.logging.Logger;

/**
 * Appends records that arrive together in one transaction. Each caller waits until the transaction
 * holding its record has committed, so the guarantee is the same as one transaction per record;
 * the chain lock, the head read and the commit's flush are paid once per batch instead of once per
 * record. One thread writes, so batches are linked in the order they were taken.
 */
final class GroupCommit<T> {

    private static final Logger LOG = Logger.getLogger(GroupCommit.class);
    static final int MAX_BATCH = 200;
    /** How often an idle writer looks whether the service is stopping. */
    private static final long IDLE_CHECK_MILLIS = 100;

    private record Pending<T>(T record, CompletableFuture<Void> committed) {
    }

    private final BlockingQueue<Pending<T>> queue = new LinkedBlockingQueue<>();
    private final Consumer<List<T>> writeBatch;
    private final Predicate<RuntimeException> refusedForContent;
    private final Duration timeout;
    private final Thread writer;
    private volatile boolean stopping;

    /**
     * @param writeBatch        commits all the records or none, throwing when it cannot
     * @param refusedForContent whether a failure came from what a record holds rather than from the
     *                          database: then each record of the batch is written on its own, so one
     *                          record's content never fails the others
     * @param timeout           how long a caller waits for its commit before it is told the log is unavailable
     */
    GroupCommit(Consumer<List<T>> writeBatch, Predicate<RuntimeException> refusedForContent, Duration timeout) {
        this.writeBatch = writeBatch;
        this.refusedForContent = refusedForContent;
        this.timeout = timeout;
        this.writer = new Thread(this::run, "audit-group-commit");
        writer.setDaemon(true);
        writer.start();
    }

    /** Returns once the record is committed; throws {@link AuditUnavailableException} when it was not (or not in time). */
    void append(T record) {
        if (stopping) {
            throw new AuditUnavailableException(AuditUnavailableException.Reason.STOPPING,
                    new IllegalStateException("the service is stopping"));
        }
        Pending<T> pending = new Pending<>(record, new CompletableFuture<>());
        queue.add(pending);
        try {
            pending.committed().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AuditUnavailableException(AuditUnavailableException.Reason.DATABASE_ERROR, e.getCause());
        } catch (TimeoutException e) {
            throw new AuditUnavailableException(AuditUnavailableException.Reason.COMMIT_TIMEOUT,
                    new IllegalStateException("no commit within " + timeout, e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditUnavailableException(AuditUnavailableException.Reason.INTERRUPTED, e);
        }
    }

    /** Stops taking records and commits what is queued. */
    void stop() {
        stopping = true;
        try {
            writer.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeAlone(Pending<T> pending) {
        try {
            writeBatch.accept(List.of(pending.record()));
            pending.committed().complete(null);
        } catch (RuntimeException | Error e) {
            LOG.errorf(e, "An audit record could not be committed; its decision is withheld");
            pending.committed().completeExceptionally(e);
        }
    }

    private void run() {
        List<Pending<T>> batch = new ArrayList<>(MAX_BATCH);
        while (true) {
            Pending<T> first;
            try {
                first = queue.poll(IDLE_CHECK_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (first == null) {
                if (stopping) {
                    return;
                }
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, MAX_BATCH - 1);
            try {
                writeBatch.accept(batch.stream().map(Pending::record).toList());
                batch.forEach(pending -> pending.committed().complete(null));
            } catch (RuntimeException | Error e) {
                // Whatever a write throws (an assertion inside the driver, say) fails this batch, never the one writer.
                if (batch.size() > 1 && e instanceof RuntimeException failure && refusedForContent.test(failure)) {
                    batch.forEach(this::writeAlone);
                } else {
                    LOG.errorf(e, "%d audit record(s) could not be committed; their decisions are withheld", batch.size());
                    batch.forEach(pending -> pending.committed().completeExceptionally(e));
                }
            }
            batch.clear();
        }
    }
}
