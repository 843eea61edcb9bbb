package io.aigov.evaluation.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.aigov.support.AuditTable;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** When the audit record cannot be committed, the client gets no decision: 503 with Retry-After. */
@QuarkusTest
class AuditUnavailableTest {

    @Inject
    AuditTable auditTable;

    @Inject
    MeterRegistry metrics;

    @Test
    void noDecisionLeavesWithoutItsRecord() {
        long before = auditTable.count();
        Counter databaseErrors = metrics.counter("aigov.unavailable.responses", "cause", "database_error");
        double refusedBefore = databaseErrors.count();
        auditTable.execute("alter table audit_log rename to audit_log_unavailable");
        try {
            given().contentType(ContentType.JSON).body(EvaluationResourceTest.LEGAL_REVIEW)
                    .when().post("/api/evaluations")
                    .then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", "5")
                    .header("Location", nullValue())
                    .body("$", not(hasKey("approach")))
                    .body("$", not(hasKey("verdict")))
                    .body("detail", containsString("audit log"))
                    .body(not(containsString("Exception")));
        } finally {
            auditTable.execute("alter table audit_log_unavailable rename to audit_log");
        }
        assertEquals(before, auditTable.count());
        assertEquals(refusedBefore + 1, databaseErrors.count(), "the 503 is counted with its cause");

        given().contentType(ContentType.JSON).body(EvaluationResourceTest.LEGAL_REVIEW)
                .when().post("/api/evaluations").then().statusCode(201);
        assertEquals(before + 1, auditTable.count(), "the service recovers once the audit log can be written again");
    }
}
