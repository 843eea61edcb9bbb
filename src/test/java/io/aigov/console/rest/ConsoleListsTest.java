package io.aigov.console.rest;

import static io.aigov.support.TestUsers.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.aigov.support.TestUsers;
import io.aigov.support.UseCaseBodies;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * The lists people look for things in: a submitter's own evaluations; the board's queue with each
 * proposal's exposures, its age and a mark on one's own; the navigation's count of what waits for
 * the board.
 */
@QuarkusTest
class ConsoleListsTest {

    private static final Pattern BOARD_COUNT = Pattern.compile("id=\"nav-board\">Board queue <span class=\"count\">(\\d+)<");

    private static ValidatableResponse page(String user, String path) {
        return given().auth().none().cookie("aigov-session", TestUsers.consoleSession(user)).get(path).then().log().ifValidationFails()
                .statusCode(200);
    }

    @Test
    void aSubmitterFindsTheirOwnEvaluationsNewestFirstAndNoOneElses() {
        String mine = "Mine " + System.nanoTime();
        String newer = "Mine later " + System.nanoTime();
        String theirs = "Theirs " + System.nanoTime();
        as(TestUsers.SUBMITTER).contentType(ContentType.JSON).body(UseCaseBodies.nycHiring(mine)).post("/api/evaluations").then().statusCode(201);
        as(TestUsers.SUBMITTER).contentType(ContentType.JSON).body(UseCaseBodies.tipping(newer)).post("/api/evaluations").then().statusCode(201);
        as(TestUsers.OTHER_SUBMITTER).contentType(ContentType.JSON).body(UseCaseBodies.tipping(theirs)).post("/api/evaluations").then()
                .statusCode(201);

        page(TestUsers.SUBMITTER, "/console/evaluations").body(allOf(containsString("<a href=\"/console/evaluations\">My evaluations</a>"),
                containsString(mine), containsString(newer), not(containsString(theirs)),
                matchesPattern("(?s).*" + newer + ".*" + mine + ".*"),
                containsString("New York City Local Law 144 of 2021 (automated employment decision tools): High")));
        given().auth().none().cookie("aigov-session", TestUsers.consoleSession(TestUsers.BOARD)).redirects().follow(false)
                .get("/console/evaluations").then().statusCode(403);
    }

    @Test
    void theBoardQueueShowsExposuresAgeAndOnesOwnProposalsAndTheMenuCountsIt() {
        int before = boardCount(page(TestUsers.BOARD, "/console").extract().asString());
        String title = "Queue row " + System.nanoTime();
        as(TestUsers.TESTER).contentType(ContentType.JSON).body("{\"useCase\": " + UseCaseBodies.euScreening(title)
                + ", \"owner\": \"head-of-people\", \"businessJustification\": \"Screening.\"}").post("/api/proposals").then().statusCode(201);

        String queue = page(TestUsers.BOARD, "/console/board").extract().asString();
        String row = queue.substring(queue.indexOf(title), queue.indexOf("</tr>", queue.indexOf(title)));
        assertTrue(row.contains("EU AI Act (Regulation (EU) 2024/1689): <span class=\"badge level-HIGH\">High</span>")
                && row.contains("by " + TestUsers.TESTER) && row.contains("<td class=\"date\">today</td>") && !row.contains("yours"), row);
        assertTrue(boardCount(queue) == before + 1, "the menu counts the new proposal: " + before + " before");

        String own = page(TestUsers.TESTER, "/console/board").extract().asString();
        assertTrue(own.substring(own.indexOf(title), own.indexOf("</tr>", own.indexOf(title))).contains("yours"), "one's own is marked");
        page(TestUsers.SUBMITTER, "/console").body(not(containsString("id=\"nav-board\"")));
    }

    private static int boardCount(String page) {
        Matcher count = BOARD_COUNT.matcher(page);
        return count.find() ? Integer.parseInt(count.group(1)) : 0;
    }
}
