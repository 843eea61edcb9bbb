package io.aigov.console.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.aigov.support.AuditTable;
import io.aigov.support.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * A control character typed or pasted into a console form is refused as the API refuses it, but
 * as a page: beside its field where the form is bound like the API's request, otherwise on a page
 * naming the field. Nothing is written either way.
 */
@QuarkusTest
class ConsoleFormValidationTest {

    @Inject
    AuditTable auditTable;

    /** A signed-in browser: its session cookie, and the token of the console's forms with its cookie. */
    private static RequestSpecification signedIn(String user) {
        String session = TestUsers.consoleSession(user);
        Response home = given().auth().none().cookie("aigov-session", session).get("/console");
        String token = home.getCookie("aigov-csrf");
        return given().auth().none().redirects().follow(false).cookie("aigov-session", session).cookie("aigov-csrf", token)
                .formParam("csrf-token", token);
    }

    @Test
    void aControlCharacterInTheEvaluationFormIsShownBesideItsField() {
        long before = auditTable.count();
        signedIn(TestUsers.SUBMITTER).formParam("name", "Ticket\u0001triage").formParam("dailyRequestVolume", "2000")
                .formParam("consistency", "FLEXIBLE").formParam("labeledExamples", "0").formParam("stableMonths", "1")
                .formParam("timeToProductionWeeks", "2").formParam("latencyBudgetMs", "3000").formParam("vocabulary", "STANDARD")
                .post("/console/evaluations").then().statusCode(400).contentType(containsString("text/html"))
                .body(allOf(containsString("1 field needs a correction"),
                        containsString("<span class=\"field-error\" id=\"name-error\">Name must not contain control characters (U+0001"),
                        not(containsString("id=\"vocabulary-error\""))));
        assertEquals(before, auditTable.count());
    }

    @Test
    void theEvaluationFormMarksTheFieldsItNeedsAndSpeaksOfNoApiPath() {
        String form = given().auth().none().cookie("aigov-session", TestUsers.consoleSession(TestUsers.SUBMITTER))
                .get("/console/evaluations/new").then().statusCode(200).extract().asString();
        for (String required : List.of("name", "dailyRequestVolume", "labeledExamples", "stableMonths", "timeToProductionWeeks",
                "latencyBudgetMs")) {
            assertTrue(form.matches("(?s).*<label for=\"" + required + "\">[^<]*<span aria-hidden=\"true\">\\*</span>.*")
                    && form.matches("(?s).*<input id=\"" + required + "\"[^>]* required[ >].*"), required + " is marked required");
        }
        for (String choice : List.of("consistency", "vocabulary")) {
            assertTrue(form.matches("(?s).*<select id=\"" + choice + "\" name=\"" + choice + "\" required[^>]*>\\s*<option value=\"\">Choose…</option>.*"),
                    choice + " asks for a choice");
        }
        assertTrue(form.matches("(?s).*<label for=\"description\">Description <span class=\"help\">.*")
                && !form.contains("/api/"), "help is for people, not API clients");
    }

    @Test
    void aControlCharacterInAnotherFormIsRefusedWithAPageNamingTheField() {
        signedIn(TestUsers.BOARD).formParam("decision", "APPROVED").formParam("rationale", "Fine\u0007")
                .post("/console/proposals/" + UUID.randomUUID() + "/decision").then().statusCode(400)
                .contentType(containsString("text/html"))
                .body(allOf(containsString("<h1>Form not accepted</h1>"), containsString("Nothing was saved"),
                        containsString("<strong>rationale</strong> must not contain control characters (U+0007"),
                        containsString("Sign out")));
    }
}
