package io.aigov.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for something the service does in the background. */
public final class Eventually {

    private Eventually() {
    }

    /**
     * Returns once the condition holds; fails the test, naming what was awaited, if it does not
     * within the limit. A condition that throws has not come true yet (the answer it reads may not
     * have its final shape).
     */
    public static void awaitTrue(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // read again on the next try
            }
            Thread.sleep(100);
        }
        fail("not within " + limit + ": " + what);
    }
}
