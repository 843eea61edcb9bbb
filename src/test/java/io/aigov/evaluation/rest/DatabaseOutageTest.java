package io.aigov.evaluation.rest;

import static io.aigov.support.Eventually.awaitTrue;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.aigov.database.SwitchedDatabase;
import io.aigov.support.AuditTable;
import io.aigov.support.TunedSettings;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The database goes away and comes back: the service answers 503 with Retry-After quickly, gives
 * out no decision it has not recorded, and serves again by itself once the database is back.
 */
@QuarkusTest
@TestProfile(TunedSettings.class)
class DatabaseOutageTest {

    /** "No hang beyond a few seconds": the bound for any answer while the database is gone. */
    private static final Duration PROMPT = Duration.ofSeconds(5);
    private static final int CLIENTS = 4;
    /** The longest a phase of the load test waits for the load to show in it. */
    private static final Duration PHASE_LIMIT = Duration.ofSeconds(20);

    @Inject
    AuditTable auditTable;

    @AfterEach
    void databaseBack() {
        SwitchedDatabase.databaseSwitch().on();
    }

    @Test
    void answers503WhileTheDatabaseIsDownAndRecoversByItself() throws Exception {
        given().contentType(ContentType.JSON).body(EvaluationResourceTest.LEGAL_REVIEW).post("/api/evaluations").then().statusCode(201);
        long before = auditTable.count();

        SwitchedDatabase.databaseSwitch().off();
        long started = System.nanoTime();
        given().contentType(ContentType.JSON).body(EvaluationResourceTest.LEGAL_REVIEW)
                .when().post("/api/evaluations")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("$", not(hasKey("verdict")))
                .body(not(containsString("Exception")));
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(PROMPT) < 0, "answered promptly");
        SwitchedDatabase.databaseSwitch().on();

        // A pooled connection that died with the outage can still refuse one request after it;
        // until the first decision is recorded, every answer is a 503 with nothing written.
        List<String> answersUntilServing = new ArrayList<>();
        awaitTrue("a decision recorded after the database is back", PHASE_LIMIT, () -> {
            Response response = given().contentType(ContentType.JSON).body(EvaluationResourceTest.LEGAL_REVIEW)
                    .post("/api/evaluations");
            answersUntilServing.add(response.statusCode() + (response.header("Retry-After") == null ? "" : " Retry-After"));
            return response.statusCode() == 201;
        });
        assertEquals(List.of("201"), answersUntilServing.subList(answersUntilServing.size() - 1, answersUntilServing.size()));
        assertTrue(answersUntilServing.subList(0, answersUntilServing.size() - 1).stream().allMatch("503 Retry-After"::equals),
                "until it serves again, the service refuses with 503: " + answersUntilServing);
        assertEquals(before + 1, auditTable.count(), "the refused requests wrote nothing; the first one served after the outage is recorded");
    }

    @Test
    void anOutageUnderLoadLeavesNoAnsweredDecisionWithoutItsRecord() throws Exception {
        // Warm up first, so the phases below are measured in load, not in start-up.
        given().contentType(ContentType.JSON).body(EvaluationResourceTest.LEGAL_REVIEW).post("/api/evaluations").then().statusCode(201);
        long before = auditTable.count();
        ConcurrentLinkedQueue<String> created = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> refusedMillis = new ConcurrentLinkedQueue<>();
        // Each phase lasts until the load has shown in it, so a slow machine stretches the phases
        // rather than failing the test, and a fast one does not wait; what is asserted about the answers stays the same.
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<Integer>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            running.add(clients.submit(() -> {
                int requests = 0;
                while (!stop.get()) {
                    long started = System.nanoTime();
                    Response response = given().contentType(ContentType.JSON).body(EvaluationResourceTest.LEGAL_REVIEW)
                            .post("/api/evaluations");
                    requests++;
                    if (response.statusCode() == 201) {
                        created.add(response.path("id"));
                    } else if (response.statusCode() == 503 && response.header("Retry-After") != null
                            && !response.asString().contains("verdict")) {
                        refusedMillis.add((System.nanoTime() - started) / 1_000_000);
                    } else {
                        unexpected.add(response.statusCode() + " " + response.asString());
                    }
                }
                return requests;
            }));
        }
        int createdBeforeOutage;
        int createdDuringOutage;
        try {
            awaitTrue("an evaluation created under load before the outage", PHASE_LIMIT, () -> !created.isEmpty());
            createdBeforeOutage = created.size();
            SwitchedDatabase.databaseSwitch().off();
            // Every client meets the outage: the pooled connections all go stale, as when the database restarts.
            awaitTrue("a refusal for every client during the outage", PHASE_LIMIT, () -> refusedMillis.size() >= CLIENTS);
            createdDuringOutage = created.size();
            SwitchedDatabase.databaseSwitch().on();
            // Requests that took a connection which died with the outage still finish, and are checked, before the clients stop.
            awaitTrue("evaluations created after the outage", PHASE_LIMIT, () -> created.size() > createdDuringOutage + CLIENTS);
        } finally {
            stop.set(true);
            SwitchedDatabase.databaseSwitch().on();
        }
        int requests = 0;
        for (Future<Integer> client : running) {
            requests += client.get();
        }
        clients.shutdown();

        assertEquals(List.of(), List.copyOf(unexpected), "every answer is a recorded decision or a 503 with Retry-After");
        assertTrue(createdBeforeOutage > 0 && !refusedMillis.isEmpty() && created.size() > createdDuringOutage,
                "the load ran before, during and after the outage: created " + createdBeforeOutage + " before, "
                        + createdDuringOutage + " until its end, " + created.size() + " in all; refused " + refusedMillis.size());
        assertTrue(refusedMillis.stream().allMatch(millis -> millis < PROMPT.toMillis()), "refusals were prompt: " + refusedMillis);
        String ids = String.join("','", created);
        assertEquals(created.size(), auditTable.countOf("audit_log where id in ('" + ids + "')"), "every 201 has its record");
        long recorded = auditTable.count() - before;
        assertTrue(recorded >= created.size() && recorded <= requests, "records " + recorded + ", answered " + created.size());
        given().get("/api/audit/verify").then().body("ok", equalTo(true));
    }
}
