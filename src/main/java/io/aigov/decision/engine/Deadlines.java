package io.aigov.decision.engine;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.jboss.logging.Logger;

import io.aigov.shared.DaemonThreads;

/**
 * One thread that watches the deadlines of work running on other threads, so that the work itself
 * runs on the thread that asked for it: handing each decision to a thread of its own and waiting
 * for it was, with two smaller costs removed at the same time, more than half of a decision's time
 * (docs/performance.md). Watching costs the worker two set operations; the watchdog wakes every
 * {@link #TICK_MILLIS} ms while something is watched and sleeps otherwise, so a deadline is noticed
 * at most a tick late.
 */
final class Deadlines {

    private static final Logger LOG = Logger.getLogger(Deadlines.class);

    /** What a deadline ends. */
    interface Watched {

        /** The deadline passed: the work is asked to stop (a rule session halts before its next firing). */
        void deadlinePassed();

        /** The work ignored {@link #deadlinePassed} for the grace period: its thread must be stopped. */
        void graceOver();
    }

    /** One piece of work under watch, until {@link #release}d. */
    static final class Watch {

        private final Watched watched;
        private volatile long deadline;
        private volatile boolean passed;
        private long graceEnds;

        private Watch(Watched watched, long deadline) {
            this.watched = watched;
            this.deadline = deadline;
        }

        /** Ends the work as if its deadline had passed now. */
        void expireNow() {
            deadline = System.nanoTime();
        }
    }

    private static final long TICK_MILLIS = 10;
    /** How long work may take to notice its deadline passed before its thread is stopped. */
    private static final long GRACE_MILLIS = 500;

    private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
    private final Thread watchdog;
    private volatile boolean idle;

    Deadlines() {
        watchdog = DaemonThreads.named("rule-deadline").newThread(this::watch);
        watchdog.start();
    }

    Watch watch(Watched watched, Duration within) {
        Watch watch = new Watch(watched, System.nanoTime() + within.toNanos());
        watches.add(watch);
        // Read after adding, as the watchdog reads the set after declaring itself idle: one of them sees the other.
        if (idle) {
            LockSupport.unpark(watchdog);
        }
        return watch;
    }

    void release(Watch watch) {
        watches.remove(watch);
    }

    private void watch() {
        while (true) {
            idle = true;
            if (watches.isEmpty()) {
                LockSupport.park(this);
            }
            idle = false;
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS));
            long now = System.nanoTime();
            for (Watch watch : watches) {
                try {
                    if (!watch.passed && now - watch.deadline >= 0) {
                        watch.passed = true;
                        watch.graceEnds = now + TimeUnit.MILLISECONDS.toNanos(GRACE_MILLIS);
                        watch.watched.deadlinePassed();
                    } else if (watch.passed && now - watch.graceEnds >= 0) {
                        watches.remove(watch);
                        watch.watched.graceOver();
                    }
                } catch (RuntimeException e) {
                    // Whatever one piece of work throws must not end the watch over all the others.
                    watches.remove(watch);
                    LOG.error("Ending the work that passed its deadline failed", e);
                }
            }
        }
    }
}
