package io.aigov.proposal.rest;

import static io.aigov.support.TestUsers.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.aigov.support.TestUsers;
import io.aigov.support.UseCaseBodies;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Comments on a proposal: the board asks, the submitter answers, compliance notes a concern, in
 * order with their authors, through the API and on the proposal's page; bad comments are refused
 * naming the field, and nothing is kept.
 */
@QuarkusTest
class ProposalCommentsTest {

    private static String submit() {
        return as(TestUsers.SUBMITTER).contentType(ContentType.JSON).body("{\"useCase\": " + UseCaseBodies.euScreening("Commented " + System.nanoTime())
                + ", \"owner\": \"head-of-people\", \"businessJustification\": \"Screening.\"}").post("/api/proposals").then().statusCode(201)
                .extract().path("id");
    }

    private static void comment(String user, String proposal, String text) {
        as(user).contentType(ContentType.JSON).body("{\"text\": \"" + text + "\"}").post("/api/proposals/" + proposal + "/comments").then()
                .statusCode(201).body("author", equalTo(user)).body("text", equalTo(text));
    }

    @Test
    void theBoardAsksTheSubmitterAnswersAndComplianceNotesInOrder() {
        String proposal = submit();
        comment(TestUsers.BOARD, proposal, "Who reviews a rejected candidate?");
        comment(TestUsers.SUBMITTER, proposal, "A recruiter, within two days.");
        comment(TestUsers.COMPLIANCE, proposal, "Keep the review notes six months.");

        as(TestUsers.BOARD).get("/api/proposals/" + proposal + "/comments").then().statusCode(200)
                .body("author", contains(TestUsers.BOARD, TestUsers.SUBMITTER, TestUsers.COMPLIANCE))
                .body("[1].text", equalTo("A recruiter, within two days."))
                .body("[0].at", matchesPattern("\\d{4}-\\d\\d-\\d\\dT.*"));
        as(TestUsers.RULE_AUTHOR).get("/api/proposals/" + proposal + "/comments").then().statusCode(403);
    }

    @Test
    void aCommentWithoutTextOrTooLongOrOnNoProposalIsRefusedAndKeptNowhere() {
        String proposal = submit();
        as(TestUsers.BOARD).contentType(ContentType.JSON).body("{\"text\": \"  \"}").post("/api/proposals/" + proposal + "/comments").then()
                .statusCode(400).contentType("application/problem+json").body(containsString("text"));
        as(TestUsers.BOARD).contentType(ContentType.JSON).body("{\"text\": \"" + "x".repeat(4001) + "\"}")
                .post("/api/proposals/" + proposal + "/comments").then().statusCode(400).body(containsString("text"));
        as(TestUsers.BOARD).contentType(ContentType.JSON).body("{\"text\": \"Hello\"}").post("/api/proposals/" + UUID.randomUUID() + "/comments")
                .then().statusCode(404).contentType("application/problem+json");
        as(TestUsers.BOARD).get("/api/proposals/" + proposal + "/comments").then().statusCode(200).body("$", hasSize(0));
    }

    @Test
    void theProposalsPageShowsTheCommentsAndTakesOneThroughItsForm() {
        String proposal = submit();
        comment(TestUsers.SUBMITTER, proposal, "Ask me anything <b>bold</b>.");
        String session = TestUsers.consoleSession(TestUsers.BOARD);
        Response page = given().auth().none().cookie("aigov-session", session).get("/console/proposals/" + proposal);
        page.then().statusCode(200).body(allOf(containsString("id=\"comment-list\""), containsString("Ask me anything &lt;b&gt;bold&lt;/b&gt;."),
                containsString("action=\"/console/proposals/" + proposal + "/comments\"")));
        String token = page.getCookie("aigov-csrf");

        given().auth().none().redirects().follow(false).cookie("aigov-session", session).cookie("aigov-csrf", token).formParam("csrf-token", token)
                .formParam("text", "Approved once the recruiter's review is written down.").post("/console/proposals/" + proposal + "/comments")
                .then().statusCode(303).header("Location", containsString("/console/proposals/" + proposal + "#comments"));
        given().auth().none().redirects().follow(false).cookie("aigov-session", session).cookie("aigov-csrf", token).formParam("csrf-token", token)
                .formParam("text", " ").post("/console/proposals/" + proposal + "/comments").then().statusCode(400)
                .body(containsString("A comment needs its text"));
        given().auth().none().cookie("aigov-session", session).get("/console/proposals/" + proposal).then()
                .body(allOf(containsString("Approved once the recruiter&#39;s review is written down."), not(containsString("<b>bold</b>"))));
        as(TestUsers.BOARD).get("/api/proposals/" + proposal + "/comments").then().body("author", contains(TestUsers.SUBMITTER, TestUsers.BOARD));
    }
}
