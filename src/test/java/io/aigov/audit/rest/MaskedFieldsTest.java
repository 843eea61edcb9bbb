package io.aigov.audit.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;


import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.aigov.support.AuditTable;
import io.aigov.support.TunedSettings;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** A description holding personal data never reaches the audit log when configuration masks it. */
@QuarkusTest
@TestProfile(TunedSettings.class)
class MaskedFieldsTest {

    @Inject
    AuditTable auditTable;

    @Test
    void theStoredRecordTheExportAndTheChainHoldOnlyTheMaskedForm() {
        String id = given().contentType(ContentType.JSON).body("""
                {"name": "Masking probe", "description": "Escalations for Jane Doe, jane.doe@example.com",
                 "dailyRequestVolume": 100, "consistency": "FLEXIBLE", "labeledExamples": 0, "stableMonths": 1,
                 "timeToProductionWeeks": 1, "latencyBudgetMs": 3000, "vocabulary": "STANDARD"}
                """).post("/api/evaluations").then().statusCode(201)
                .body("input.description", equalTo("[masked]"))
                .body("input.name", equalTo("Masking probe"))
                .extract().path("id");

        assertEquals("[masked]", auditTable.column("input ->> 'description'", id));
        given().get("/api/audit/" + id).then().statusCode(200)
                .body("maskedFields", contains("description"))
                .body("input.description", equalTo("[masked]"));
        given().queryParam("q", "Masking probe").queryParam("format", "jsonl").get("/api/audit/export").then()
                .statusCode(200).body(not(containsString("jane.doe@example.com")))
                .body(containsString("\"maskedFields\":[\"description\"]"));
        given().queryParam("q", "jane").get("/api/audit").then().body("total", equalTo(0));
        given().get("/api/audit/verify").then().body("ok", equalTo(true));
    }
}
