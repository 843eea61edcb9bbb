package io.aigov.evaluation.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import io.aigov.support.AuditTable;

/** Every kind of bad request gets a problem response naming what is wrong, and nothing is written. */
@QuarkusTest
class EvaluationBadInputTest {

    private static final String VALID = EvaluationResourceTest.LEGAL_REVIEW;

    @Inject
    AuditTable auditTable;

    private long rowsBefore;

    @BeforeEach
    void countRows() {
        rowsBefore = auditTable.count();
    }

    @AfterEach
    void nothingWasWritten() {
        assertEquals(rowsBefore, auditTable.count(), "a rejected request must not write an audit record");
    }

    static Stream<Arguments> invalidFields() {
        return Stream.of(
                Arguments.of("name missing", VALID.replace("\"name\": \"Contract clause review\",", ""), "name", "is required"),
                Arguments.of("name blank", VALID.replace("Contract clause review", "  "), "name", "must not be blank"),
                Arguments.of("name too long", VALID.replace("Contract clause review", "x".repeat(201)), "name", "size"),
                Arguments.of("description too long", VALID.replace("Flags non-standard clauses.", "d".repeat(10_001)), "description", "size"),
                Arguments.of("volume negative", VALID.replace("80000", "-1"), "dailyRequestVolume", "greater than or equal to 0"),
                Arguments.of("volume a string", VALID.replace("80000", "\"80000\""), "dailyRequestVolume", "whole number"),
                Arguments.of("volume a fraction", VALID.replace("80000", "80000.5"), "dailyRequestVolume", "whole number"),
                Arguments.of("volume null", VALID.replace("80000", "null"), "dailyRequestVolume", "is required"),
                Arguments.of("consistency unknown", VALID.replace("\"STRICT\"", "\"SOMETIMES\""), "consistency", "FLEXIBLE, MODERATE, STRICT"),
                Arguments.of("examples negative", VALID.replace("3000", "-5"), "labeledExamples", "greater than or equal to 0"),
                Arguments.of("examples a fraction", VALID.replace("3000", "3.5"), "labeledExamples", "whole number"),
                Arguments.of("stability negative", VALID.replace("\"stableMonths\": 12", "\"stableMonths\": -0.5"), "stableMonths", "greater than or equal to 0"),
                Arguments.of("deadline zero", VALID.replace("\"timeToProductionWeeks\": 8", "\"timeToProductionWeeks\": 0"), "timeToProductionWeeks", "greater than 0"),
                Arguments.of("latency zero", VALID.replace("\"latencyBudgetMs\": 800", "\"latencyBudgetMs\": 0"), "latencyBudgetMs", "greater than 0"),
                Arguments.of("vocabulary unknown", VALID.replace("PROPRIETARY", "JARGON"), "vocabulary", "STANDARD, PROPRIETARY"),
                Arguments.of("domain unknown", VALID.replace("\"LEGAL\"", "\"SPACE\""), "domain", "GENERAL"),
                Arguments.of("capability unknown", VALID.replace("\"domain\"", "\"capabilities\": [\"TELEPATHY\"], \"domain\""), "capabilities", "SOCIAL_SCORING"),
                Arguments.of("jurisdiction unknown", VALID.replace("\"domain\"", "\"jurisdictions\": [\"EU\", \"ATLANTIS\"], \"domain\""), "jurisdictions", "'ATLANTIS' is not declared"),
                Arguments.of("jurisdictions not a list", VALID.replace("\"domain\"", "\"jurisdictions\": \"EU\", \"domain\""), "jurisdictions", "must be an array"),
                Arguments.of("flag not boolean", VALID.replace("\"domain\"", "\"euExposure\": \"yes\", \"domain\""), "euExposure", "true or false"),
                Arguments.of("misspelt field", VALID.replace("\"domain\"", "\"processPhi\": true, \"domain\""), "processPhi", "not a known field"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFields")
    void anInvalidFieldIsNamed(String description, String body, String field, String message) {
        problem(post(body), 400)
                .body("violations.field", hasItem(field))
                .body("violations.find { it.field == '" + field + "' }.message", containsString(message));
    }

    @Test
    void everyOffendingFieldIsNamedInOneAnswer() {
        String body = """
                {"nam": "typo", "dailyRequestVolume": -3, "consistency": "SOMETIMES", "labeledExamples": "many",
                 "stableMonths": 2, "timeToProductionWeeks": 0, "vocabulary": "STANDARD", "colour": "blue"}
                """;
        problem(post(body), 400)
                .body("violations.field", containsInAnyOrder("colour", "consistency", "dailyRequestVolume", "labeledExamples",
                        "latencyBudgetMs", "nam", "name", "timeToProductionWeeks"))
                .body("detail", containsString("8 invalid fields"));
    }

    @Test
    void malformedJsonIsABadRequest() {
        problem(post("{\"name\": \"x\", "), 400).body("violations[0].field", equalTo("body"))
                .body("detail", containsString("not valid JSON"));
        problem(post(VALID + " trailing"), 400).body("violations[0].field", equalTo("body"));
        problem(post(VALID.replace("\"domain\": \"LEGAL\"", "\"domain\": \"LEGAL\", \"domain\": \"FINANCE\"")), 400)
                .body("detail", containsString("Duplicate field"));
    }

    @Test
    void aBodyThatIsNotAnObjectIsABadRequest() {
        problem(post("[]"), 400).body("violations[0].message", equalTo("must be a JSON object"));
        problem(post("\"text\""), 400).body("violations[0].field", equalTo("body"));
        problem(post(""), 400).body("violations[0].field", equalTo("body"));
    }

    @Test
    void aBodyOver256KiBIsTooLarge() {
        String padded = VALID.replace("Flags non-standard clauses.", " ".repeat(256 * 1024));
        problem(post(padded), 413).body("detail", containsString("262144"));
    }

    @Test
    void aBodyThatIsNotJsonIsAnUnsupportedMediaType() {
        problem(given().contentType(ContentType.TEXT).body(VALID).when().post("/api/evaluations").then(), 415);
        problem(given().contentType(ContentType.XML).body("<useCase/>").when().post("/api/evaluations").then(), 415);
    }

    private static ValidatableResponse post(String body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/api/evaluations").then();
    }

    private static ValidatableResponse problem(ValidatableResponse response, int status) {
        return response.statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("title", not(emptyOrNullString()))
                .body(not(containsString("Exception")))
                .body(not(containsString("\tat ")))
                .body("$", not(hasKey("approach")));
    }
}
