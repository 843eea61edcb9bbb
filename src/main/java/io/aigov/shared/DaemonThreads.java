package io.aigov.shared;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Threads that never hold up the service's exit, named so that a thread dump says what they are for. */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    /** Threads named {@code name-1}, {@code name-2}, ... */
    public static ThreadFactory named(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * As {@link #named(String)}, each thread with the given context class loader instead of the one
     * of whichever thread happened to need it first: libraries that look services up through it
     * (Drools does) then find the same classes on every thread.
     */
    public static ThreadFactory named(String name, ClassLoader context) {
        ThreadFactory threads = named(name);
        return runnable -> {
            Thread thread = threads.newThread(runnable);
            thread.setContextClassLoader(context);
            return thread;
        };
    }
}
