package io.aigov.console.rest;

import static io.aigov.support.TestUsers.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import io.aigov.support.TestUsers;
import io.aigov.support.TunedSettings;
import io.aigov.support.UseCaseBodies;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Where rule authors are not to see what was evaluated (aigov.rules.simulator-recent-evaluations=0),
 * the simulator offers no recorded evaluation, and one picked by its id anyway is refused: a use case
 * is typed in.
 */
@QuarkusTest
@TestProfile(TunedSettings.class)
class SimulatorWithoutRecordedEvaluationsTest {

    @Test
    void noRecordedEvaluationIsOfferedOrTakenWhenTheSettingIsZero() {
        String title = "Withheld " + System.nanoTime();
        String evaluation = as(TestUsers.SUBMITTER).contentType(ContentType.JSON).body(UseCaseBodies.tipping(title)).post("/api/evaluations")
                .then().statusCode(201).extract().path("id");
        String session = TestUsers.consoleSession(TestUsers.RULE_AUTHOR);
        Response page = given().auth().none().cookie("aigov-session", session).get("/console/rules/thresholds");
        page.then().statusCode(200).body(allOf(containsString("id=\"simulate.useCase\""), containsString("A use case typed in"),
                not(containsString("id=\"simulate.evaluation\"")), not(containsString(title))));

        String token = page.getCookie("aigov-csrf");
        given().auth().none().cookie("aigov-session", session).cookie("aigov-csrf", token).formParam("csrf-token", token)
                .formParam("value.volume.fineTuning.min", "40000").formParam("simulate.evaluation", evaluation)
                .post("/console/rules/simulate/thresholds").then().statusCode(400)
                .body(allOf(containsString("Recorded evaluations are not offered to try a change on here: type a use case in."),
                        not(containsString(title)), not(containsString("Simulation:"))));
    }
}
