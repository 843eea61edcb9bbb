package io.aigov.shared;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A task run on a daemon thread of its own every interval, and as soon as it can after {@link #wake()}:
 * a wake while a run is already asked for adds none, and a run never overlaps another.
 */
public final class PollingWorker {

    private final Runnable task;
    private final ScheduledExecutorService thread;
    /** Set while a run asked for by {@link #wake()} waits: further wakes need no run of their own. */
    private final AtomicBoolean woken = new AtomicBoolean();

    public PollingWorker(String threadName, Runnable task) {
        this.task = task;
        this.thread = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named(threadName));
    }

    /** Runs the task now, then every interval after the end of the last run. */
    public void start(Duration interval) {
        thread.scheduleWithFixedDelay(this::run, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void wake() {
        if (woken.compareAndSet(false, true)) {
            try {
                thread.execute(this::run);
            } catch (RejectedExecutionException stopping) {
                // Stopping: what the run was for waits for the next start.
            }
        }
    }

    /** Interrupts a run under way and runs no other. */
    public void stop() {
        thread.shutdownNow();
    }

    private void run() {
        woken.set(false);
        task.run();
    }
}
