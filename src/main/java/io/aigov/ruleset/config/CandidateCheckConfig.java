package io.aigov.ruleset.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * The child process that compiles a candidate ruleset and runs its golden cases, so that a
 * candidate's code never runs in the service (docs/rules.md).
 */
@ConfigMapping(prefix = "aigov.rules.check")
public interface CandidateCheckConfig {

    /**
     * The child's heap. Compiling the shipped rules and running their golden cases keeps about 30 MB
     * live (the check fails with 24 MB and slows down below 64 MB); 256 MB leaves room for rulesets
     * several times larger and for replaying decisions in batches.
     */
    @WithDefault("256M")
    MemorySize heap();

    /**
     * Wall-clock time from sending a candidate to the child until its answer; past it the child is
     * killed. A warm child checks the shipped rules in well under a second.
     */
    @WithDefault("30s")
    Duration timeLimit();

    /**
     * Added to the time limit for each audited decision an impact analysis replays. Replaying
     * takes about 0.1 ms per decision on two cores; the margin allows for a busy machine.
     */
    @WithDefault("1ms")
    Duration timeLimitPerReplay();

    /** Whether the child runs under bubblewrap (no network, a read-only view of the files it needs) when that works here. */
    @WithDefault("auto")
    Bubblewrap bubblewrap();

    /**
     * The child's scheduling priority (the {@code nice} value, 0 to 19): a check, and above all a spare
     * warming up for the next one, then takes CPU time only that the service leaves, so evaluations and
     * the activation that follows a check come first on a busy or small machine. 0 keeps the service's.
     */
    @WithDefault("10")
    @WithName("nice")
    int niceness();

    /**
     * Whether a warm check process is started with the service, so that the first rule check after a
     * start does not wait for a JVM to start and warm up (some seconds, and as much CPU time as a check).
     * Off, the first check starts a process of its own, and a spare stands by from then on: an instance
     * that never checks rules, such as a replica that only evaluates, runs no check process at all.
     */
    @WithDefault("true")
    boolean spareAtStart();

    /** Further options for the child's JVM, e.g. a garbage collector; none by default. */
    Optional<List<String>> javaOptions();

    /**
     * The most check processes alive at once, the warm spare and processes still ending included: each
     * may take its whole heap, so this bounds what checks take of the machine's memory. A check that
     * finds them all in use waits for one. Unset: one per core (the processors the JVM sees).
     */
    OptionalInt processes();

    /**
     * How many checks may wait for a check process, first come first served; a person's check past
     * that is refused at once (503 with Retry-After). The service's own checks (start-up, the rules
     * folder watcher) always wait.
     */
    @WithDefault("8")
    int queue();

    /**
     * How many checks one person may have running or waiting at once; another is refused at once, so
     * that one person cannot take every check process and the queue from the others.
     */
    @WithDefault("2")
    @WithName("per-user")
    int perUser();

    enum Bubblewrap {
        /** Used when it is installed and works on this machine; otherwise the child runs without it. */
        AUTO,
        OFF
    }
}
