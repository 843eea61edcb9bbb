package io.aigov.console.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.aigov.support.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** The console signs in with a session cookie against the same accounts as the API, which keeps HTTP Basic. */
@QuarkusTest
class ConsoleSignInTest {

    @Test
    void aSignedOutVisitorIsSentToTheSignInPage() {
        given().auth().none().redirects().follow(false).get("/console").then().statusCode(303)
                .header("Location", endsWith("/signin"));
        given().auth().none().redirects().follow(false).get("/").then().statusCode(303).header("Location", endsWith("/signin"));
        given().auth().none().get("/signin").then().statusCode(200)
                .contentType(containsString("text/html"))
                .header("Content-Security-Policy", allOf(containsString("script-src 'self'"), not(containsString("unsafe-inline"))))
                .body(allOf(containsString("action=\"/signin/check\""), containsString("<label for=\"password\">")));
    }

    @Test
    void aPageOpenedSignedOutIsWhereSigningInLeadsBackOnThisOriginOnly() {
        Response signedOut = given().auth().none().redirects().follow(false).get("/console/audit?verdict=ALLOWED&page=0");
        signedOut.then().statusCode(303).header("Location", endsWith("/signin"));
        String returnTo = signedOut.getCookie("aigov-return-to");
        assertTrue(returnTo != null && returnTo.endsWith("/console/audit?verdict=ALLOWED&page=0"), returnTo);
        String cookie = signedOut.getHeaders().getValues("Set-Cookie").stream().filter(header -> header.startsWith("aigov-return-to="))
                .findFirst().orElseThrow().toLowerCase();
        assertTrue(cookie.contains("httponly") && cookie.contains("samesite=strict"), cookie);

        signInReturningTo(returnTo).then().statusCode(302).header("Location", equalTo(returnTo));
        signInReturningTo("https://elsewhere.example/console/audit").then().header("Location",
                not(containsString("elsewhere.example")));
        // Only a page a browser opens: neither a form posted signed out nor the API says where to go back.
        given().auth().none().redirects().follow(false).formParam("csrf-token", "x").post("/console/signout").then()
                .header("Set-Cookie", not(containsString("aigov-return-to")));
        given().auth().none().get("/api/evaluations").then().statusCode(401).header("Set-Cookie", not(containsString("aigov-return-to")));
    }

    private static Response signInReturningTo(String returnTo) {
        String token = given().auth().none().get("/signin").getCookie("aigov-csrf");
        return given().auth().none().redirects().follow(false).cookie("aigov-csrf", token).cookie("aigov-return-to", returnTo)
                .formParam("csrf-token", token).formParam("username", TestUsers.BOARD)
                .formParam("password", TestUsers.password(TestUsers.BOARD)).post("/signin/check");
    }

    @Test
    void signingInGivesAnHttpOnlyStrictSessionCookieForTheConsole() {
        Response signedIn = TestUsers.signInToConsole(TestUsers.BOARD, TestUsers.password(TestUsers.BOARD));
        signedIn.then().statusCode(302).header("Location", endsWith("/console"));
        String cookie = signedIn.getHeader("Set-Cookie");
        assertTrue(cookie.startsWith("aigov-session=") && cookie.toLowerCase().contains("httponly")
                && cookie.toLowerCase().contains("samesite=strict"), cookie);

        given().auth().none().cookie("aigov-session", signedIn.getCookie("aigov-session")).get("/console").then().statusCode(200)
                .body(allOf(containsString("Welcome, " + TestUsers.BOARD), containsString("Board queue"),
                        not(containsString("Audit trail")), not(containsString("/console/users"))));
    }

    @Test
    void signingOutNeedsThePagesTokenAndEndsTheSession() {
        String session = TestUsers.consoleSession(TestUsers.BOARD);
        Response home = given().auth().none().cookie("aigov-session", session).get("/console");
        String csrfCookie = home.getCookie("aigov-csrf");
        String formToken = home.htmlPath().getString("**.find { it.@name == 'csrf-token' }.@value");
        assertTrue(csrfCookie != null && csrfCookie.equals(formToken), csrfCookie + " / " + formToken);

        given().auth().none().redirects().follow(false).cookie("aigov-session", session).cookie("aigov-csrf", csrfCookie)
                .formParam("csrf-token", "forged").post("/console/signout").then().statusCode(403);
        given().auth().none().redirects().follow(false).cookie("aigov-session", session)
                .formParam("csrf-token", formToken).post("/console/signout").then().statusCode(403);
        String cleared = given().auth().none().redirects().follow(false).cookie("aigov-session", session).cookie("aigov-csrf", csrfCookie)
                .formParam("csrf-token", formToken).post("/console/signout").then().statusCode(303)
                .header("Location", endsWith("/signin?signedOut=true")).extract().header("Set-Cookie");
        assertTrue(cleared.startsWith("aigov-session=;") && cleared.contains("Max-Age=0"), cleared);
    }

    @Test
    void aPageTheRolesDoNotAllowIsRefusedWithAPageWhileTheApiKeepsItsProblem() {
        String session = TestUsers.consoleSession(TestUsers.BOARD);

        given().auth().none().cookie("aigov-session", session).get("/console/users").then().statusCode(403)
                .contentType(containsString("text/html"))
                .body(allOf(containsString("<h1>Not allowed</h1>"), containsString("Your roles do not allow this page or action."),
                        containsString("Sign out"), not(containsString("Create the user"))));
        given().auth().none().cookie("aigov-session", session).formParam("csrf-token", "forged").post("/console/signout")
                .then().statusCode(403).contentType(containsString("text/html"))
                .body(containsString("token is missing or does not match: reload the page"));
        given().auth().preemptive().basic(TestUsers.BOARD, TestUsers.password(TestUsers.BOARD)).get("/api/users").then().statusCode(403)
                .contentType("application/problem+json").body("status", equalTo(403));
    }

    @Test
    void withoutAnIdentityProviderTheSignInPageOffersOnlyThePasswordForm() {
        given().auth().none().get("/signin").then().statusCode(200).body(not(containsString("/signin/oidc")));
        given().auth().none().redirects().follow(false).get("/signin/oidc").then().statusCode(302)
                .header("Location", endsWith("/signin"));
    }

    @Test
    void aWrongPasswordIsSentBackToTheSignInPage() {
        TestUsers.signInToConsole(TestUsers.BOARD, "not-the-password").then().statusCode(303)
                .header("Location", endsWith("/signin?failed=true"));
    }

    @Test
    void theApiKeepsItsBasicChallenge() {
        given().auth().none().get("/api/evaluations").then().statusCode(401)
                .header("WWW-Authenticate", containsString("Basic"))
                .contentType("application/problem+json")
                .body("status", equalTo(401));
    }
}
