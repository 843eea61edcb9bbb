package io.aigov.ruleset.isolation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.aigov.ruleset.isolation.service.CheckProcesses;
import io.aigov.support.CheckProcessesUnderTest;
import io.aigov.support.Eventually;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Candidates are compiled and run in a child process that holds nothing of the service: no environment, no network, few files. */
@QuarkusTest
class CandidateIsolationTest {

    @Inject
    CheckProcesses checkProcesses;

    @Test
    void theReportSaysHowTheCandidateWasIsolated() {
        given().contentType(ContentType.JSON).body(CheckProcessesUnderTest.newCandidate()).when().post("/api/rules/validate")
                .then().statusCode(200)
                .body("passed", equalTo(true))
                .body("report.isolation", allOf(containsString("child process: 256 MB heap, 30 s time limit, empty environment"),
                        containsString(bubblewrapInstalled() ? "bubblewrap: no network, read-only view of the JDK and the application's jars"
                                : "bubblewrap not available: the child shares the service's network and file system")));
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'candidate-checks' }.data.isolation", containsString("empty environment"))
                // The check took a process and started the next: standing by, or still warming up.
                .body("checks.find { it.name == 'candidate-checks' }.data.spare", anyOf(equalTo("starting"), equalTo("ready")));
    }

    @Test
    void theCheckProcessHasNoneOfTheServicesEnvironment() throws IOException {
        assertNotNull(System.getenv("PATH"), "the service has an environment to leave out");
        ProcessHandle spare = CheckProcessesUnderTest.warmSpare();

        List<String> variables = Arrays.stream(Files.readString(Path.of("/proc/" + spare.pid() + "/environ")).split("\0"))
                .filter(variable -> !variable.isEmpty())
                // bubblewrap says where it started the process; nothing else may be there.
                .filter(variable -> !variable.equals("PWD=/tmp"))
                .toList();
        assertEquals(List.of(), variables);
    }

    @Test
    void underBubblewrapTheCheckProcessHasNoNetworkAndSeesOnlyWhatItNeeds() throws IOException {
        assumeTrue(bubblewrapInstalled(), "bubblewrap is not installed here: the check process shares the service's network");
        ProcessHandle spare = CheckProcessesUnderTest.warmSpare();

        assertNotEquals(Files.readSymbolicLink(Path.of("/proc/self/ns/net")), Files.readSymbolicLink(Path.of("/proc/" + spare.pid() + "/ns/net")),
                "the check process must have a network namespace of its own, with no interface to the outside");
        Path itsRoot = Path.of("/proc/" + spare.pid() + "/root");
        assertTrue(Files.exists(Path.of("/etc/passwd")));
        assertFalse(Files.exists(itsRoot.resolve("etc/passwd")), "the check process must not see the service's files");
        assertFalse(Files.exists(itsRoot.resolve(Path.of("rules").toAbsolutePath().toString().substring(1))),
                "the check process must not see the rules folder");
    }

    @Test
    void aSpareKilledWhileItWaitsIsReplacedAndTheNextCheckWorks() throws Exception {
        ProcessHandle spare = CheckProcessesUnderTest.warmSpare();
        List<ProcessHandle> processes = CheckProcessesUnderTest.withParents(spare);

        spare.destroyForcibly();
        for (ProcessHandle process : processes) {
            process.onExit().get(10, TimeUnit.SECONDS);
        }

        // Replaced without waiting for a check to need it.
        assertNotEquals(spare.pid(), CheckProcessesUnderTest.warmSpare().pid());
        given().contentType(ContentType.JSON).body(CheckProcessesUnderTest.newCandidate()).when().post("/api/rules/validate")
                .then().statusCode(200)
                .body("passed", equalTo(true))
                .body("report.safetyFindings", empty());
    }

    @Test
    void anActivationHoldsBackTheNextSpareUntilItEnds() throws InterruptedException {
        CheckProcessesUnderTest.awaitWarmSpare();
        try (CheckProcesses.SpareDeferral deferral = checkProcesses.deferSpare()) {
            given().contentType(ContentType.JSON).body(CheckProcessesUnderTest.newCandidate()).when().post("/api/rules/validate")
                    .then().statusCode(200).body("passed", equalTo(true));
            assertEquals(CheckProcesses.Spare.NONE, checkProcesses.spare(), "the check took the spare, and none starts while held back");
        }
        // As soon as a process may be started: the one the check used counts until it has ended.
        Eventually.awaitTrue("the next spare starts once the deferral ends", Duration.ofSeconds(30),
                () -> checkProcesses.spare() != CheckProcesses.Spare.NONE);
        CheckProcessesUnderTest.warmSpare();
    }

    private static boolean bubblewrapInstalled() {
        return Stream.of(System.getenv("PATH").split(":")).anyMatch(folder -> Files.isExecutable(Path.of(folder, "bwrap")));
    }
}
