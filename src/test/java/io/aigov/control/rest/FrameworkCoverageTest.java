package io.aigov.control.rest;

import static io.aigov.support.TestUsers.as;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.aigov.ruleset.rest.WritableRulesFolder;
import io.aigov.support.TestUsers;
import io.aigov.support.UseCaseBodies;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The coverage of ISO/IEC 42001 and NIST AI RMF: each framework control counts the live controls of
 * the obligations mapped to it across the use cases, and how many are evidenced and accepted.
 */
@QuarkusTest
@TestProfile(WritableRulesFolder.class)
class FrameworkCoverageTest {

    private static final byte[] PDF = "%PDF-1.4\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

    @Test
    void eachFrameworkControlCountsTheControlsOfItsObligationsAcrossSeveralUseCases() {
        JsonPath isoBefore = coverage("ISO_42001");
        JsonPath nistBefore = coverage("NIST_AI_RMF");

        String eu = submitted(UseCaseBodies.euScreening("Coverage EU screening"));
        String nycAccepted = submitted(UseCaseBodies.nycHiring("Coverage NYC accepted"));
        String nycWaived = submitted(UseCaseBodies.nycHiring("Coverage NYC waived"));
        // One use case's bias audit accepted and its notice evidenced; the other's public summary found not applicable.
        String audit = control(nycAccepted, "nyc-ll144.bias-audit");
        evidence(audit);
        as(TestUsers.SUBMITTER).contentType(ContentType.JSON).body("{\"statement\": \"the audit covers the tool\"}")
                .post("/api/controls/" + audit + "/attestation").then().statusCode(200);
        as(TestUsers.COMPLIANCE).contentType(ContentType.JSON).body("{}").post("/api/controls/" + audit + "/acceptance").then().statusCode(200);
        evidence(control(nycAccepted, "nyc-ll144.notice"));
        as(TestUsers.COMPLIANCE).contentType(ContentType.JSON).body("{\"reason\": \"No public posting: internal mobility only.\"}")
                .post("/api/controls/" + control(nycWaived, "nyc-ll144.public-summary") + "/not-applicable").then().statusCode(200);

        JsonPath iso = coverage("ISO_42001");
        // A.5 Assessing impacts: the EU risk management system and both bias audits.
        assertAdded(isoBefore, iso, "A.5", Map.of("controls", 3, "evidenced", 1, "accepted", 1, "notApplicable", 0));
        assertTrue(iso.getList("controls.find { it.id == 'A.5' }.useCases.id", String.class).containsAll(List.of(eu, nycAccepted, nycWaived)));
        // A.8 Information for interested parties: EU transparency, and the public summary and notice of each NYC use case.
        assertAdded(isoBefore, iso, "A.8", Map.of("controls", 5, "evidenced", 1, "accepted", 0, "notApplicable", 1));
        assertAdded(isoBefore, iso, "A.7", Map.of("controls", 1, "evidenced", 0, "accepted", 0, "notApplicable", 0));
        // A.10 Third-party relationships: only HIPAA's business associate agreement, which none of these use cases has.
        assertAdded(isoBefore, iso, "A.10", Map.of("controls", 0, "evidenced", 0, "accepted", 0, "notApplicable", 0));
        assertEquals(List.of("A.2", "A.3", "A.4", "A.5", "A.6", "A.7", "A.8", "A.9", "A.10"), iso.getList("controls.id", String.class));

        JsonPath nist = coverage("NIST_AI_RMF");
        // Measure: EU data governance and accuracy, and both bias audits.
        assertAdded(nistBefore, nist, "MEASURE", Map.of("controls", 4, "evidenced", 1, "accepted", 1, "notApplicable", 0));
        assertAdded(nistBefore, nist, "GAI-2.6", Map.of("controls", 3, "evidenced", 1, "accepted", 1, "notApplicable", 0));
        assertEquals(16, nist.getList("controls").size(), "four functions and the twelve risks of the generative AI profile");
        assertEquals(List.of("GOVERN", "MAP", "MEASURE", "MANAGE", "GAI-2.1"), nist.getList("controls.id", String.class).subList(0, 5));
        assertEquals("GAI-2.12", nist.getString("controls[-1].id"), "in the order the pack lists them");

        as(TestUsers.BOARD).get("/api/frameworks").then().statusCode(200).body("code", hasItems("ISO_42001", "NIST_AI_RMF"))
                .body("find { it.code == 'ISO_42001' }.controls.find { it.id == 'A.5' }.obligations",
                        hasItems("eu-ai-act.art9.risk-management", "nyc-ll144.bias-audit", "il-hb3773.no-discriminatory-effect"));
        as(TestUsers.COMPLIANCE).get("/api/frameworks/SOC_2/coverage").then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("ISO_42001"));
        as(TestUsers.SUBMITTER).get("/api/frameworks/ISO_42001/coverage").then().statusCode(403);
    }

    private static void assertAdded(JsonPath before, JsonPath after, String control, Map<String, Integer> added) {
        added.forEach((count, expected) -> assertEquals(expected.intValue(), number(after, control, count) - number(before, control, count),
                control + " " + count));
    }

    private static int number(JsonPath coverage, String control, String count) {
        return coverage.getInt("controls.find { it.id == '" + control + "' }." + count);
    }

    private static JsonPath coverage(String framework) {
        return as(TestUsers.COMPLIANCE).get("/api/frameworks/" + framework + "/coverage").then().statusCode(200).extract().jsonPath();
    }

    private static void evidence(String control) {
        as(TestUsers.SUBMITTER).multiPart("file", "evidence.pdf", PDF, "application/pdf").multiPart("kind", "DOCUMENT")
                .post("/api/controls/" + control + "/evidence").then().statusCode(201);
    }

    private static String control(String useCase, String obligation) {
        return as(TestUsers.COMPLIANCE).get("/api/controls?useCase=" + useCase).then().statusCode(200).extract().jsonPath()
                .getString("find { it.obligationId == '" + obligation + "' }.id");
    }

    private static String submitted(String useCase) {
        return as(TestUsers.SUBMITTER).contentType(ContentType.JSON).body("{\"useCase\": " + useCase
                + ", \"owner\": \"head-of-talent\", \"businessJustification\": \"Screening.\"}").post("/api/proposals").then().statusCode(201)
                .extract().path("id");
    }
}
