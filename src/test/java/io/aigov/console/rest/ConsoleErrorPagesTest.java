package io.aigov.console.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.UUID;

import org.hamcrest.Matcher;
import org.junit.jupiter.api.Test;

import io.aigov.support.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * The console answers a request it refuses or cannot place with a page in its layout (403, 400,
 * 404), the sign-in form included; the API keeps answering the same kind of error with its
 * problem document.
 */
@QuarkusTest
class ConsoleErrorPagesTest {

    private static final List<String> PAGES_WITH_IDS = List.of("/console/evaluations/", "/console/proposals/", "/console/audit/",
            "/console/rules/changes/");

    /** A page of the console's layout, signed in (its sign-out form), with no trace of the code behind it. */
    private static Matcher<String> consolePage(String heading) {
        return allOf(containsString("<h1>" + heading + "</h1>"), containsString("AI governance console"), containsString("Sign out"),
                not(containsString("Exception")), not(containsString("at io.aigov")));
    }

    @Test
    void anUnknownOrMalformedIdIsAPageSayingNotFound() {
        String session = TestUsers.consoleSession(TestUsers.TESTER);
        for (String page : PAGES_WITH_IDS) {
            for (String id : List.of("not-a-uuid", UUID.randomUUID().toString())) {
                given().auth().none().cookie("aigov-session", session).get(page + id).then().statusCode(404)
                        .contentType(containsString("text/html")).body(consolePage("Not found"));
            }
        }
        given().auth().none().cookie("aigov-session", session).get("/console/rules/files/no-such-file.drl").then().statusCode(404)
                .contentType(containsString("text/html")).body(consolePage("Not found"));
    }

    @Test
    void theApiAnswersTheSameErrorsWithItsProblemDocument() {
        TestUsers.as(TestUsers.COMPLIANCE).get("/api/audit/not-a-uuid").then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400)).body("violations.field", hasItem("id"));
        TestUsers.as(TestUsers.COMPLIANCE).get("/api/audit/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json").body("status", equalTo(404));
        TestUsers.as(TestUsers.SUBMITTER).get("/api/proposals/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json").body("status", equalTo(404));
        TestUsers.as(TestUsers.COMPLIANCE).get("/api/audit?kind=NOPE").then().statusCode(400).contentType("application/problem+json")
                .body("violations.find { it.field == 'kind' }.in", equalTo("query"));
        TestUsers.as(TestUsers.BOARD).get("/api/audit").then().statusCode(403).contentType("application/problem+json")
                .body("status", equalTo(403));
    }

    @Test
    void aFilterThatCannotBeReadIsAPageNamingIt() {
        String session = TestUsers.consoleSession(TestUsers.COMPLIANCE);
        given().auth().none().cookie("aigov-session", session).queryParam("kind", "NOPE").get("/console/audit").then().statusCode(400)
                .contentType(containsString("text/html"))
                .body(allOf(consolePage("Form not accepted"), containsString("<strong>kind</strong> must be one of")));
    }

    @Test
    void aConsoleFormWithoutThePagesTokenIsRefusedWithAPage() {
        String session = TestUsers.consoleSession(TestUsers.SUBMITTER);
        Response home = given().auth().none().cookie("aigov-session", session).get("/console");
        String token = home.getCookie("aigov-csrf");
        for (String form : List.of("/console/evaluations", "/console/proposals", "/console/signout")) {
            given().auth().none().redirects().follow(false).cookie("aigov-session", session).formParam("name", "No token")
                    .post(form).then().statusCode(403).contentType(containsString("text/html"))
                    .body(allOf(consolePage("Not allowed"), containsString("token is missing or does not match")));
            given().auth().none().redirects().follow(false).cookie("aigov-session", session).cookie("aigov-csrf", token)
                    .formParam("csrf-token", "forged").post(form).then().statusCode(403).contentType(containsString("text/html"))
                    .body(consolePage("Not allowed"));
        }
        // The refusal's page carries a token of its own, with its cookie, so that signing out from it works.
        Response refused = given().auth().none().redirects().follow(false).cookie("aigov-session", session).post("/console/signout");
        String issued = refused.getCookie("aigov-csrf");
        given().auth().none().redirects().follow(false).cookie("aigov-session", session).cookie("aigov-csrf", issued)
                .formParam("csrf-token", issued).post("/console/signout").then().statusCode(303);
    }

    @Test
    void theSignInFormWithoutThePagesTokenIsRefusedWithAPageAndNoSession() {
        String token = given().auth().none().get("/signin").then().statusCode(200)
                .body(containsString("name=\"csrf-token\"")).extract().cookie("aigov-csrf");
        Response withoutToken = given().auth().none().redirects().follow(false).formParam("username", TestUsers.BOARD)
                .formParam("password", TestUsers.password(TestUsers.BOARD)).post("/signin/check");
        withoutToken.then().statusCode(403).contentType(containsString("text/html"))
                .body(allOf(containsString("<h1>Not allowed</h1>"), containsString("token is missing or does not match"),
                        containsString("AI governance console"), not(containsString("Sign out")), not(containsString("Exception"))));
        assertNull(withoutToken.getCookie("aigov-session"));
        Response forged = given().auth().none().redirects().follow(false).cookie("aigov-csrf", token).formParam("csrf-token", "forged")
                .formParam("username", TestUsers.BOARD).formParam("password", TestUsers.password(TestUsers.BOARD))
                .post("/signin/check");
        forged.then().statusCode(403).contentType(containsString("text/html"));
        assertNull(forged.getCookie("aigov-session"));
        Response signedIn = given().auth().none().redirects().follow(false).cookie("aigov-csrf", token).formParam("csrf-token", token)
                .formParam("username", TestUsers.BOARD).formParam("password", TestUsers.password(TestUsers.BOARD))
                .post("/signin/check");
        signedIn.then().statusCode(302).header("Location", endsWith("/console"));
        assertNotNull(signedIn.getCookie("aigov-session"));
    }
}
