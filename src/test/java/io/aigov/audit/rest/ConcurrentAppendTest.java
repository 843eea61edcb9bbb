package io.aigov.audit.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.aigov.support.AuditTable;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Under concurrent load every 201 is one new record, and the chain still verifies. */
@QuarkusTest
class ConcurrentAppendTest {

    private static final int CLIENTS = 8;
    private static final int REQUESTS_EACH = 25;

    @Inject
    AuditTable auditTable;

    @Test
    void everyAnsweredDecisionIsOneRecordInAnUnbrokenChain() throws Exception {
        long before = auditTable.count();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<Integer>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            clients.add(pool.submit(() -> {
                int created = 0;
                for (int i = 0; i < REQUESTS_EACH; i++) {
                    int status = given().contentType(ContentType.JSON).body("""
                            {"name": "Concurrent", "dailyRequestVolume": 100, "consistency": "FLEXIBLE", "labeledExamples": 0,
                             "stableMonths": 1, "timeToProductionWeeks": 1, "latencyBudgetMs": 3000, "vocabulary": "STANDARD"}
                            """).post("/api/evaluations").statusCode();
                    created += status == 201 ? 1 : 0;
                }
                return created;
            }));
        }
        int created = 0;
        for (Future<Integer> client : clients) {
            created += client.get();
        }
        pool.shutdown();

        assertEquals(CLIENTS * REQUESTS_EACH, created);
        assertEquals(before + created, auditTable.count());
        given().get("/api/audit/verify").then().body("ok", equalTo(true)).body("count", equalTo((int) (before + created)));
    }
}
