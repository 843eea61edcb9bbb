package io.aigov.console.rest;

import static io.aigov.support.TestUsers.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.aigov.support.TestUsers;
import io.aigov.support.UseCaseBodies;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * A use case's controls in the console: its checklist on its page, with the dossier for the board and
 * compliance; the owner adds a file through a form with the page's token and attests; compliance
 * finds it in its queue and accepts it; the attester is refused with the reason on the page.
 */
@QuarkusTest
class ControlPagesTest {

    private static final byte[] PDF = "%PDF-1.4\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

    /** A signed-in browser: its session cookie, and the token of the console's forms with its cookie. */
    private static RequestSpecification signedIn(String user, boolean withToken) {
        String session = TestUsers.consoleSession(user);
        Response home = given().auth().none().cookie("aigov-session", session).get("/console");
        String token = home.getCookie("aigov-csrf");
        RequestSpecification browser = given().auth().none().redirects().follow(false).cookie("aigov-session", session).cookie("aigov-csrf", token);
        // A form with a file carries its token in its address: the form's fields are read after the check.
        return withToken ? browser.queryParam("csrf-token", token) : browser.multiPart("csrf-token", token);
    }

    private static RequestSpecification form(String user) {
        String session = TestUsers.consoleSession(user);
        String token = given().auth().none().cookie("aigov-session", session).get("/console").getCookie("aigov-csrf");
        return given().auth().none().redirects().follow(false).cookie("aigov-session", session).cookie("aigov-csrf", token)
                .formParam("csrf-token", token);
    }

    @Test
    void theOwnerShowsEvidenceAndAttestsAndComplianceAcceptsThroughTheConsole() {
        String title = "Console controls " + System.nanoTime();
        String useCase = as(TestUsers.SUBMITTER).contentType(ContentType.JSON).body("{\"useCase\": " + UseCaseBodies.nycHiring(title)
                + ", \"owner\": \"head-of-talent\", \"businessJustification\": \"Screening.\"}").post("/api/proposals").then().statusCode(201)
                .extract().path("id");
        String notice = as(TestUsers.COMPLIANCE).get("/api/controls?useCase=" + useCase).then().extract().jsonPath()
                .getString("find { it.obligationId == 'nyc-ll144.notice' }.id");

        given().auth().none().cookie("aigov-session", TestUsers.consoleSession(TestUsers.BOARD)).get("/console/proposals/" + useCase).then()
                .statusCode(200).body(allOf(containsString("id=\"control-checklist\""), containsString("/console/controls/" + notice),
                        containsString("nyc-ll144.bias-audit"), containsString("id=\"dossier-pdf\""), containsString("id=\"dossier-zip\"")));
        given().auth().none().cookie("aigov-session", TestUsers.consoleSession(TestUsers.SUBMITTER)).get("/console/proposals/" + useCase).then()
                .statusCode(200).body(allOf(containsString("id=\"control-checklist\""), not(containsString("id=\"dossier-pdf\""))));

        // A file posted without the page's token is refused before it is read.
        signedIn(TestUsers.SUBMITTER, false).multiPart("file", "notice.pdf", PDF, "application/pdf").multiPart("kind", "DOCUMENT")
                .post("/console/controls/" + notice + "/evidence").then().statusCode(403);
        signedIn(TestUsers.SUBMITTER, true).multiPart("file", "notice.html", "<html><body><script>alert(1)</script></body></html>".getBytes(StandardCharsets.UTF_8),
                "application/pdf").multiPart("kind", "DOCUMENT").post("/console/controls/" + notice + "/evidence").then().statusCode(415)
                .body(allOf(containsString("id=\"problem\""), containsString("text/html"), containsString("Sign out")));
        signedIn(TestUsers.SUBMITTER, true).multiPart("file", "notice.pdf", PDF, "application/pdf").multiPart("kind", "DOCUMENT")
                .post("/console/controls/" + notice + "/evidence").then().statusCode(303).header("Location", containsString("/console/controls/" + notice));
        given().auth().none().cookie("aigov-session", TestUsers.consoleSession(TestUsers.SUBMITTER)).get("/console/controls/" + notice).then()
                .statusCode(200).body(allOf(containsString("id=\"status\">Evidenced<"), containsString("notice.pdf"), containsString("/api/controls/" + notice
                        + "/evidence/"), containsString("id=\"statement\"")));
        form(TestUsers.SUBMITTER).formParam("statement", "candidates are told ten business days ahead")
                .post("/console/controls/" + notice + "/attestation").then().statusCode(303);

        given().auth().none().cookie("aigov-session", TestUsers.consoleSession(TestUsers.COMPLIANCE)).get("/console/controls/review").then()
                .statusCode(200).body(allOf(containsString("Controls to review"), containsString("/console/controls/" + notice), containsString(title)));
        // Only compliance reviews: the owner, a submitter, is refused.
        form(TestUsers.SUBMITTER).formParam("note", "mine").post("/console/controls/" + notice + "/acceptance").then().statusCode(403);
        form(TestUsers.COMPLIANCE).formParam("note", "Checked.").post("/console/controls/" + notice + "/acceptance").then().statusCode(303);
        given().auth().none().cookie("aigov-session", TestUsers.consoleSession(TestUsers.OTHER_SUBMITTER)).get("/console/controls/" + notice)
                .then().statusCode(404);
        given().auth().none().cookie("aigov-session", TestUsers.consoleSession(TestUsers.COMPLIANCE)).get("/console/controls/" + notice).then()
                .statusCode(200).body(allOf(containsString(">Accepted<"), containsString("I attest that candidates are told ten business days ahead"),
                        not(containsString("id=\"statement\""))));
    }

    @Test
    void theAttesterHoldingTheComplianceRoleIsRefusedWithTheReasonOnThePage() {
        String useCase = as(TestUsers.TESTER).contentType(ContentType.JSON).body("{\"useCase\": " + UseCaseBodies.nycHiring("Console four eyes "
                + System.nanoTime()) + ", \"owner\": \"head-of-talent\", \"businessJustification\": \"Screening.\"}").post("/api/proposals").then()
                .statusCode(201).extract().path("id");
        String audit = as(TestUsers.COMPLIANCE).get("/api/controls?useCase=" + useCase).then().extract().jsonPath()
                .getString("find { it.obligationId == 'nyc-ll144.bias-audit' }.id");
        as(TestUsers.TESTER).multiPart("file", "audit.pdf", PDF, "application/pdf").multiPart("kind", "DOCUMENT")
                .post("/api/controls/" + audit + "/evidence").then().statusCode(201);
        as(TestUsers.TESTER).contentType(ContentType.JSON).body("{\"statement\": \"the audit is independent\"}")
                .post("/api/controls/" + audit + "/attestation").then().statusCode(200);
        form(TestUsers.TESTER).formParam("note", "Fine by me.").post("/console/controls/" + audit + "/acceptance").then().statusCode(403)
                .contentType(containsString("text/html")).body(allOf(containsString("Four eyes"), containsString("id=\"problem\"")));
    }

    /** Compliance gives a control to another owner from its page; an account the service does not have is refused there. */
    @Test
    void complianceGivesAControlToAnotherOwnerOnItsPage() {
        String useCase = as(TestUsers.SUBMITTER).contentType(ContentType.JSON).body("{\"useCase\": " + UseCaseBodies.nycHiring("Console owner "
                + System.nanoTime()) + ", \"owner\": \"head-of-talent\", \"businessJustification\": \"Screening.\"}").post("/api/proposals").then()
                .statusCode(201).extract().path("id");
        String notice = as(TestUsers.COMPLIANCE).get("/api/controls?useCase=" + useCase).then().extract().jsonPath()
                .getString("find { it.obligationId == 'nyc-ll144.notice' }.id");
        given().auth().none().cookie("aigov-session", TestUsers.consoleSession(TestUsers.COMPLIANCE)).get("/console/controls/" + notice).then()
                .statusCode(200).body(containsString("action=\"/console/controls/" + notice + "/owner\""));
        given().auth().none().cookie("aigov-session", TestUsers.consoleSession(TestUsers.SUBMITTER)).get("/console/controls/" + notice).then()
                .statusCode(200).body(not(containsString("/owner\"")));
        form(TestUsers.SUBMITTER).formParam("owner", TestUsers.OTHER_SUBMITTER).post("/console/controls/" + notice + "/owner").then().statusCode(403);

        form(TestUsers.COMPLIANCE).formParam("owner", "nobody-here").post("/console/controls/" + notice + "/owner").then().statusCode(400)
                .contentType(containsString("text/html")).body(allOf(containsString("id=\"problem\""), containsString("is no account of this service")));
        form(TestUsers.COMPLIANCE).formParam("owner", " " + TestUsers.OTHER_SUBMITTER + " ").post("/console/controls/" + notice + "/owner").then()
                .statusCode(303).header("Location", containsString("/console/controls/" + notice));
        as(TestUsers.COMPLIANCE).get("/api/controls/" + notice).then().body("owner", equalTo(TestUsers.OTHER_SUBMITTER));
        as(TestUsers.COMPLIANCE).get("/api/controls/" + notice + "/history").then()
                .body("find { it.type == 'OWNER_ASSIGNED' }.actor", equalTo(TestUsers.COMPLIANCE));
    }

    @Test
    void theFrameworksPageShowsEachControlOfTheFrameworkWithItsCounts() {
        given().auth().none().cookie("aigov-session", TestUsers.consoleSession(TestUsers.COMPLIANCE)).get("/console/frameworks?code=NIST_AI_RMF")
                .then().statusCode(200).body(allOf(containsString("id=\"coverage-MEASURE\""), containsString("id=\"coverage-GAI-2.6\""),
                        containsString("nyc-ll144.bias-audit"), containsString("ISO/IEC 42001")));
        given().auth().none().cookie("aigov-session", TestUsers.consoleSession(TestUsers.SUBMITTER)).get("/console/frameworks").then()
                .statusCode(403);
    }
}
