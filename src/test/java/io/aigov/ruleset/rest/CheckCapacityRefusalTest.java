package io.aigov.ruleset.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.aigov.decision.engine.EvaluationLimits;
import io.aigov.decision.ruleset.RulesetCandidate;
import io.aigov.ruleset.isolation.CheckRequest;
import io.aigov.ruleset.isolation.CheckResult;
import io.aigov.ruleset.isolation.ReplayInput;
import io.aigov.ruleset.isolation.service.CheckProcesses;
import io.aigov.support.CheckProcessesUnderTest;
import io.aigov.support.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * A rule author who already has as many checks running or waiting as one person may (two by
 * default) is refused the next at once, as a 503 with Retry-After: a problem document from the API,
 * the form again from the console. Nothing is checked or changed. The author's two checks are held
 * in progress by the test (replays whose inputs it hands over when it is done), so the refusal does
 * not depend on how fast the machine is.
 */
@QuarkusTest
class CheckCapacityRefusalTest {

    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final String REFUSALS = "aigov_unavailable_responses_total{cause=\"rule_checks_busy\"}";

    @Inject
    CheckProcesses checkProcesses;

    @Test
    void aPersonPastTheirChecksIsAnswered503WithRetryAfter() throws Exception {
        double refusalsBefore = refusals();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        CountDownLatch release = new CountDownLatch(1);
        List<String> holding = Collections.synchronizedList(new ArrayList<>());
        List<Future<CheckResult>> held = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                String name = "held " + i;
                held.add(threads.submit(() -> checkProcesses.replay(shippedRules(), () -> {
                    holding.add(name);
                    await(release);
                    return List.<ReplayInput>of();
                }, (outcome, index) -> {
                }, TestUsers.RULE_AUTHOR)));
            }
            // Each has its process, or waits for one (on a machine with one core): either way both count.
            long end = System.nanoTime() + PATIENCE.toNanos();
            while (holding.size() + checkProcesses.load().waiting() < 2) {
                assertTrue(System.nanoTime() < end, "the author's two checks were not admitted within " + PATIENCE);
                Thread.sleep(20);
            }

            Response refused = TestUsers.as(TestUsers.RULE_AUTHOR).contentType(ContentType.JSON).body(CheckProcessesUnderTest.newCandidate())
                    .when().post("/api/rules/validate")
                    .then().statusCode(503).contentType("application/problem+json")
                    .header("Retry-After", matchesPattern("[1-9][0-9]*"))
                    .body("status", equalTo(503))
                    .body("detail", containsString("You have 2 rule checks running or waiting, as many as one person may have at once"))
                    .extract().response();
            String seconds = refused.header("Retry-After");
            assertTrue(refused.jsonPath().getString("title").equals("Too many rule checks are running; try again in " + seconds + " s"),
                    refused.asString());

            // A change of code takes a check process; a threshold edit alone is checked in the service.
            String verdict = Files.readString(Path.of("rules", "verdict.drl")) + "\n// held back while two checks run\n";
            signedIn(TestUsers.RULE_AUTHOR).formParam("name", "verdict.drl").formParam("content", verdict).post("/console/rules/upload")
                    .then().statusCode(503).contentType(containsString("text/html"))
                    .header("Retry-After", matchesPattern("[1-9][0-9]*"))
                    .body(allOf(containsString("Too many rule checks are running; try again in "),
                            containsString("nothing was checked or changed"), containsString("held back while two checks run")));
            assertEquals(refusalsBefore + 2, refusals(), "both refusals are counted with the service's other 503 answers");
        } finally {
            release.countDown();
            for (Future<CheckResult> check : held) {
                check.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            }
            threads.shutdown();
        }
        // The author's checks are over: the next is taken again, and nothing is left running but the spare.
        given().contentType(ContentType.JSON).body(CheckProcessesUnderTest.newCandidate()).when().post("/api/rules/validate")
                .then().statusCode(200).body("passed", equalTo(true));
        CheckProcessesUnderTest.warmSpare();
    }

    @Test
    void theOperationsThatCheckACandidateDocumentTheRefusal() {
        given().auth().none().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/api/rules/validate'.post.responses", hasKey("503"))
                .body("paths.'/api/rules/impact'.post.responses", hasKey("503"))
                .body("paths.'/api/rules/reload'.post.responses", hasKey("503"))
                .body("paths.'/api/rules/files/{name}'.put.responses", hasKey("503"))
                .body("paths.'/api/rules/changes/{id}/approve'.post.responses", hasKey("503"))
                .body("paths.'/api/rules/changes/{id}/emergency-activation'.post.responses", hasKey("503"));
    }

    private static double refusals() {
        for (String line : given().get("/q/metrics").asString().split("\n")) {
            if (line.startsWith(REFUSALS + " ")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    private static CheckRequest shippedRules() {
        RulesetCandidate shipped = RulesetCandidate.fromDirectory(Path.of("rules"));
        return new CheckRequest(shipped.rules(), shipped.goldenCases(), new EvaluationLimits(10_000, Duration.ofSeconds(2)));
    }

    /** A signed-in browser: its session cookie, and the token of the console's forms with its cookie. */
    private static RequestSpecification signedIn(String user) {
        String session = TestUsers.consoleSession(user);
        Response home = given().auth().none().cookie("aigov-session", session).get("/console");
        String token = home.getCookie("aigov-csrf");
        return given().auth().none().redirects().follow(false).cookie("aigov-session", session).cookie("aigov-csrf", token)
                .formParam("csrf-token", token);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
