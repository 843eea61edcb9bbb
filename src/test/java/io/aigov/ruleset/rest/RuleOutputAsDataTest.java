package io.aigov.ruleset.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import io.aigov.support.AuditTable;

/**
 * Text that rules or their files produce is data the audit trail must be able to keep. A rule that
 * serves already and writes such text for one input fails that evaluation as a defect of the rules,
 * and every other evaluation is decided and recorded; a properties escape that writes U+0000 is a
 * finding with its line and column, and the refused attempt is recorded like any other.
 */
@QuarkusTest
@TestProfile(WritableRulesFolder.class)
class RuleOutputAsDataTest {

    private static final String WRITES_NUL_FOR_ONE_INPUT = """
            package aigov.writes;
            import io.aigov.decision.model.*;

            rule "writes-nul"
            when
                UseCase( name.startsWith("Trigger") )
                $a : Assessment()
            then
                $a.because(String.format("%c", 0));
            end
            """;

    @Inject
    AuditTable auditTable;

    @AfterEach
    void restoreTheFolder() {
        WritableRulesFolder.restore();
        given().when().post("/api/rules/reload").then().statusCode(200);
    }

    /**
     * The golden cases do not make this rule fire, so it passes the gate; before text was checked as
     * data, the one evaluation it fired in could not be recorded and answered 503, as every evaluation
     * did once such a rule fired for all.
     */
    @Test
    void aServingRuleThatWritesUnrecordableTextFailsOnlyTheEvaluationItFiresIn() throws IOException, InterruptedException {
        given().contentType(ContentType.TEXT).body(WRITES_NUL_FOR_ONE_INPUT).when().put("/api/rules/files/writes.drl")
                .then().statusCode(200).body("outcome", equalTo("ACTIVATED"));
        String useCase = Files.readString(Path.of("bench/use-case.json"));
        // The activation sets open proposals (from other tests of this profile) being evaluated again, in the background.
        auditTable.awaitProposalsFollowed();
        long recorded = auditTable.count();

        given().contentType(ContentType.JSON).body(useCase.replace("Insurance policy help desk", "Trigger the rule"))
                .when().post("/api/evaluations")
                .then().statusCode(500)
                .contentType("application/problem+json")
                .body("detail", containsString("The active ruleset failed to decide"))
                .body("detail", containsString("writes-nul"))
                .body("detail", containsString("U+0000 (a control character)"));
        assertEquals(recorded, auditTable.count(), "a decision that cannot be recorded is not given, nor half written");

        given().contentType(ContentType.JSON).body(useCase).when().post("/api/evaluations").then().statusCode(201);
        assertEquals(recorded + 1, auditTable.count());
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    /** A properties escape writes any character; U+0000 gave 500 on upload and reload, and the attempt went unrecorded. */
    @Test
    void aPropertiesEscapeForNulIsAFindingAndTheAttemptIsRecorded() {
        String pack = "# a pack's numbers\npack.count = \\u0000\n";

        String answer = given().contentType(ContentType.TEXT).body(pack).when().put("/api/rules/files/pack.properties")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .extract().asString();
        List<Map<String, Object>> errors = JsonPath.from(answer).getList("report.compileErrors");
        assertTrue(errors.stream().anyMatch(error -> error.get("file").equals("pack.properties") && error.get("line").equals(2)
                && error.get("column").equals(14) && error.get("message").toString().contains("U+0000 (a control character)")),
                errors.toString());
        assertFalse(answer.replace("\\\\u", "").contains("\\u0000"), "the answer repeats the character: " + answer);

        WritableRulesFolder.write("pack.properties", pack);
        given().when().post("/api/rules/reload").then().statusCode(422);
        given().when().get("/api/rules").then().statusCode(200)
                .body("lastFailedAttempt.report.compileErrors.message", hasItem(containsString("U+0000 (a control character)")));
        given().when().get("/api/rules/events?limit=5").then().statusCode(200)
                .body("kind", hasItem("REJECTED"));
    }
}
