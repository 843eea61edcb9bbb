package io.aigov.ruleset.rest;

import static io.aigov.support.TestUsers.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.aigov.decision.model.Approach;
import io.aigov.decision.model.UseCase;
import io.aigov.decision.rulefile.RuleFile;
import io.aigov.ruleset.service.RuleSimulator;
import io.aigov.support.AuditTable;
import io.aigov.support.TestUsers;
import io.aigov.support.UseCaseBodies;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The rule author's simulator: a use case, picked from the recent evaluations or typed in, decided
 * by the serving rules and by the edited ones side by side, with the rules that fired in each, the
 * candidate run where the gate would check it; nothing is proposed, activated or recorded.
 */
@QuarkusTest
@TestProfile(WritableRulesFolder.class)
class RuleSimulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    AuditTable auditTable;

    @Inject
    RuleSimulator simulator;

    /** A rule author's browser on the thresholds editor: the session and the form's token, the edited threshold entered. */
    private static RequestSpecification editor(String minimum) {
        String session = TestUsers.consoleSession(TestUsers.RULE_AUTHOR);
        Response page = given().auth().none().cookie("aigov-session", session).get("/console/rules/thresholds");
        page.then().statusCode(200).body(allOf(containsString("id=\"simulate.evaluation\""), containsString("id=\"simulate\"")));
        String token = page.getCookie("aigov-csrf");
        return given().auth().none().redirects().follow(false).cookie("aigov-session", session).cookie("aigov-csrf", token)
                .formParam("csrf-token", token).formParam("value.volume.fineTuning.min", minimum);
    }

    @Test
    void aRecentEvaluationIsDecidedByTheServingAndTheEditedThresholdsSideBySideAndNothingChanges() throws Exception {
        String title = "Simulated " + System.nanoTime();
        String evaluation = as(TestUsers.SUBMITTER).contentType(ContentType.JSON).body(UseCaseBodies.tipping(title)).post("/api/evaluations")
                .then().statusCode(201).extract().path("id");
        String version = as(TestUsers.RULE_AUTHOR).get("/api/rules").then().extract().path("active.version");
        String thresholds = Files.readString(WritableRulesFolder.FOLDER.resolve("thresholds.properties"));
        String byTheAuthor = "select count(*) from audit_log where requested_by = '" + TestUsers.RULE_AUTHOR + "'";
        String records = auditTable.queryText(byTheAuthor);

        editor("40000").formParam("simulate.evaluation", evaluation).post("/console/rules/simulate/thresholds").then().statusCode(200)
                .body(allOf(containsString("Simulation: " + title), containsString("The change decides this use case otherwise."),
                        containsString("<tr class=\"differs\"><th scope=\"row\">Approach</th><td>Prompting</td><td>Fine tuning</td></tr>"),
                        containsString("<mark>volume-favours-fine-tuning (approach-factors.drl): 45,000 requests a day is over 40,000"),
                        containsString("value=\"40000\""), containsString("<option value=\"" + evaluation + "\" selected>"),
                        // The change itself, before it is proposed.
                        containsString("<span class=\"diff-del\">-volume.fineTuning.min = 50000</span>"),
                        containsString("<span class=\"diff-add\">+volume.fineTuning.min = 40000</span>")));
        editor("50000").formParam("simulate.evaluation", evaluation).post("/console/rules/simulate/thresholds").then().statusCode(200)
                .body(containsString("The change decides this use case as the rules that serve do."));
        // A threshold edit changes only data the serving rules read: it runs in the service, as the gate checks it.
        RuleSimulator.Simulation inTheService = simulator.simulate(new RuleFile("thresholds.properties",
                thresholds.replace("volume.fineTuning.min = 50000", "volume.fineTuning.min = 40000")),
                JSON.readValue(UseCaseBodies.tipping(title), UseCase.class), TestUsers.RULE_AUTHOR);
        assertThat(inTheService.report().isolation(), startsWith("none needed: the rules of the version that serves"));
        assertEquals(Approach.FINE_TUNING, inTheService.candidate().decision().approach());

        as(TestUsers.RULE_AUTHOR).get("/api/rules").then().body("active.version", equalTo(version))
                .body("pendingChanges", equalTo(0));
        assertEquals(thresholds, Files.readString(WritableRulesFolder.FOLDER.resolve("thresholds.properties")), "the folder is as it was");
        // Other tests of this database write records meanwhile (reassessments, searches completed afterwards): none is the author's.
        assertEquals(records, auditTable.queryText(byTheAuthor), "a simulation records nothing");
    }

    @Test
    void aFileAddedOrReplacedIsSimulatedBeforeItIsProposedAndABadNameIsRefused() throws Exception {
        String session = TestUsers.consoleSession(TestUsers.RULE_AUTHOR);
        Response page = given().auth().none().cookie("aigov-session", session).get("/console/rules/upload?name=approach-factors.drl");
        page.then().statusCode(200).body(containsString("formaction=\"/console/rules/simulate/upload\""));
        String token = page.getCookie("aigov-csrf");
        // A change of code: its rules run in a check process.
        String edited = Files.readString(WritableRulesFolder.FOLDER.resolve("approach-factors.drl"))
                .replace("dailyRequestVolume > $t.number(\"volume.fineTuning.min\")", "dailyRequestVolume > 40000");
        given().auth().none().cookie("aigov-session", session).cookie("aigov-csrf", token).formParam("csrf-token", token)
                .formParam("name", "approach-factors.drl").formParam("content", edited)
                .formParam("simulate.useCase", UseCaseBodies.tipping("Uploaded")).post("/console/rules/simulate/upload").then().statusCode(200)
                .body(allOf(containsString("Simulation: Uploaded"), containsString("<td>Prompting</td><td>Fine tuning</td>"),
                        containsString("dailyRequestVolume &gt; 40000")));
        given().auth().none().cookie("aigov-session", session).cookie("aigov-csrf", token).formParam("csrf-token", token)
                .formParam("name", "../outside.drl").formParam("content", "package x;").formParam("simulate.useCase", UseCaseBodies.tipping("Out"))
                .post("/console/rules/simulate/upload").then().statusCode(400).body(allOf(containsString("id=\"name-error\""),
                        not(containsString("Simulation:"))));
        assertEquals(0, WritableRulesFolder.FOLDER.resolveSibling("outside.drl").toFile().exists() ? 1 : 0, "nothing written outside");
    }

    @Test
    void aUseCaseTypedInIsDecidedAndABadOneOrNoneIsRefusedOnThePage() {
        editor("40000").formParam("simulate.useCase", UseCaseBodies.tipping("Typed in")).post("/console/rules/simulate/thresholds").then()
                .statusCode(200).body(allOf(containsString("Simulation: Typed in"), containsString("<td>Prompting</td><td>Fine tuning</td>")));
        editor("40000").formParam("simulate.useCase", "{not json").post("/console/rules/simulate/thresholds").then().statusCode(400)
                .body(allOf(containsString("id=\"simulate-error\">The use case typed in is not JSON"), not(containsString("Simulation:"))));
        editor("40000").formParam("simulate.useCase", "{\"name\": \"No numbers\"}").post("/console/rules/simulate/thresholds").then()
                .statusCode(400).body(allOf(containsString("The use case typed in is not valid: "), containsString("dailyRequestVolume is required")));
        editor("40000").formParam("simulate.useCase", "{\"name\": \"Elsewhere\", \"dailyRequestVolume\": 10, \"consistency\": \"STRICT\","
                + " \"labeledExamples\": 1, \"stableMonths\": 1, \"timeToProductionWeeks\": 1, \"latencyBudgetMs\": 1, \"vocabulary\": \"STANDARD\","
                + " \"jurisdictions\": [\"ATLANTIS\"]}").post("/console/rules/simulate/thresholds").then().statusCode(200)
                .body(containsString("The rules that serve refuse this use case: jurisdictions"));
        editor("40000").post("/console/rules/simulate/thresholds").then().statusCode(400)
                .body(containsString("Choose a recent evaluation or type a use case in"));
        editor("forty").formParam("simulate.useCase", UseCaseBodies.tipping("Typed in")).post("/console/rules/simulate/thresholds").then()
                .statusCode(400).body(containsString("is not a number"));
    }
}
