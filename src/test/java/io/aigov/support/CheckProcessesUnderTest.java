package io.aigov.support;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.aigov.decision.rulefile.RuleFile;
import io.aigov.decision.ruleset.RulesetCandidate;
import io.aigov.decision.ruleset.RulesetSource;
import io.aigov.ruleset.isolation.CheckProtocol;
import io.aigov.ruleset.isolation.child.CandidateCheckMain;
import io.aigov.ruleset.isolation.service.CheckProcesses;
import io.quarkus.arc.Arc;

/** The check processes of the service under test, as seen from outside: its health check, and the processes themselves. */
public final class CheckProcessesUnderTest {

    private static final Duration WARM_UP_DEADLINE = Duration.ofSeconds(60);

    private CheckProcessesUnderTest() {
    }

    /**
     * Waits until a warm check process stands by. A check takes its spare and starts the next, which
     * needs a few seconds to warm up: a test that times a check waits for it first, as a rule author
     * who saves an edit a while after the last one would find it. The tests' services start without a
     * spare (aigov.rules.check.spare-at-start): one that has checked nothing yet is asked for a check,
     * after which a spare stands by.
     */
    public static void awaitWarmSpare() {
        if (spareState() == CheckProcesses.Spare.NONE) {
            given().contentType("application/json").body(newCandidate()).when().post("/api/rules/validate").then().statusCode(200);
        }
        long end = System.nanoTime() + WARM_UP_DEADLINE.toNanos();
        while (spareState() != CheckProcesses.Spare.READY) {
            if (System.nanoTime() > end) {
                throw new AssertionError("no warm check process within " + WARM_UP_DEADLINE);
            }
            pause();
        }
    }

    /**
     * An option for the command line of the check processes a test starts itself, which tells them
     * apart from those of a service another test started in this JVM (its spare may start at any time).
     */
    public static String markOf(Class<?> test) {
        return "-Daigov.test.check-processes-of=" + test.getSimpleName();
    }

    /** The JVMs of check processes started with that mark that still run. */
    public static List<ProcessHandle> checkJvms(String mark) {
        return checkJvms().stream().filter(process -> commandLine(process).contains(mark)).toList();
    }

    /** The JVMs of check processes this JVM started (directly, or under bubblewrap as grandchildren). */
    public static List<ProcessHandle> checkJvms() {
        return ProcessHandle.current().descendants().filter(process -> {
            // Read here: ProcessHandle.Info gives no arguments for a command line as long as a check process's class path.
            List<String> commandLine = commandLine(process);
            return !commandLine.isEmpty() && commandLine.get(0).endsWith("/java") && commandLine.contains(CandidateCheckMain.class.getName());
        }).toList();
    }

    /** Whether the process was started to warm up before its check comes, as a spare is. */
    public static boolean warmsUp(ProcessHandle jvm) {
        return commandLine(jvm).contains(CheckProtocol.WARM_UP);
    }

    private static List<String> commandLine(ProcessHandle process) {
        try {
            return Arrays.asList(Files.readString(Path.of("/proc/" + process.pid() + "/cmdline")).split("\0"));
        } catch (IOException e) {
            return List.of(); // ended meanwhile
        }
    }

    /** The check process JVM standing by, once it is warm. */
    public static ProcessHandle warmSpare() {
        awaitWarmSpare();
        List<ProcessHandle> jvms = checkJvms();
        if (jvms.size() != 1) {
            throw new AssertionError("expected the spare alone, found check processes " + jvms);
        }
        return jvms.get(0);
    }

    /** A check process JVM and the bubblewrap processes above it, up to this JVM. */
    public static List<ProcessHandle> withParents(ProcessHandle jvm) {
        List<ProcessHandle> processes = new ArrayList<>();
        for (Optional<ProcessHandle> process = Optional.of(jvm); process.isPresent() && process.get().pid() != ProcessHandle.current().pid();
                process = process.get().parent()) {
            processes.add(process.get());
        }
        return processes;
    }

    /**
     * The shipped rules and golden cases as a validation request, with a comment in verdict.drl that makes it a
     * candidate never checked before (a passed candidate is remembered, and would not reach a check process again).
     * The comment is in a DRL file because a candidate whose DRL files are those that serve is checked in the service.
     */
    public static Map<String, Object> newCandidate() {
        List<Map<String, String>> files = new ArrayList<>();
        RulesetCandidate shipped = RulesetCandidate.fromDirectory(Path.of("rules"));
        for (RuleFile file : shipped.rules()) {
            files.add(Map.of("name", file.name(), "content", file.name().equals("verdict.drl")
                    ? file.content() + "\n// candidate " + UUID.randomUUID() + "\n" : file.content()));
        }
        for (RuleFile file : shipped.goldenCases()) {
            files.add(Map.of("name", file.name(), "content", file.content()));
        }
        return Map.of("files", files);
    }

    /**
     * Asked of the service's bean, not of its health check: a spare warms up for seconds, and each
     * look through HTTP and a JSON path took CPU time from it (REST Assured compiles a Groovy script
     * for each path it evaluates).
     */
    private static CheckProcesses.Spare spareState() {
        return Arc.container().instance(CheckProcesses.class).get().spare();
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
