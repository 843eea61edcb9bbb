package io.aigov.console.browser;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import io.aigov.support.TestUsers;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * A use case named like a script or a spreadsheet formula shows as text on every page it appears
 * on, in Chromium; forms posted without the page's token, or by a role that may not, are refused.
 */
@QuarkusTest
class EscapingAndForgeryBrowserTest {

    private static final String SCRIPT = "<script>window.owned='script'</script><img src=x onerror=\"window.owned='img'\">";
    private static final String FORMULA = "=HYPERLINK(\"http://example.com\",\"click\")";

    @TestHTTPResource("/")
    URL base;

    @Test
    void hostileNamesShowAsTextEverywhere() {
        String marker = " " + System.nanoTime();
        String evaluation = given().contentType(ContentType.JSON).body(useCase(SCRIPT + marker)).post("/api/evaluations")
                .then().statusCode(201).extract().path("id");
        given().contentType(ContentType.JSON).body(useCase(FORMULA + marker)).post("/api/evaluations").then().statusCode(201);
        String proposal = given().contentType(ContentType.JSON)
                .body(Map.of("useCase", Map.of("name", SCRIPT + marker, "dailyRequestVolume", 100, "consistency", "FLEXIBLE",
                        "labeledExamples", 0, "stableMonths", 1, "timeToProductionWeeks", 1, "latencyBudgetMs", 3000, "vocabulary",
                        "STANDARD"), "owner", SCRIPT, "businessJustification", FORMULA))
                .post("/api/proposals").then().statusCode(201).extract().path("id");

        try (Browser browser = new Browser(base.toString(), 1280, 1000)) {
            browser.signIn(TestUsers.TESTER, TestUsers.password(TestUsers.TESTER));
            for (String page : List.of("/console/evaluations/" + evaluation, "/console/audit?q=" + marker.strip(), "/console/audit/" + evaluation,
                    "/console/proposals/" + proposal, "/console/board", "/console/proposals/mine")) {
                browser.open(page);
                browser.waitFor(By.tagName("h1"));
                assertNull(browser.driver().executeScript("return window.owned;"), "markup ran on " + page);
                assertTrue(browser.text().contains(SCRIPT), "the name is not shown as text on " + page);
            }
            browser.open("/console/audit?q=" + marker.strip());
            browser.waitFor(By.id("records"));
            assertTrue(browser.text().contains(FORMULA), "the formula is not shown as text");
            browser.screenshot("hostile-names");
        }
    }

    @Test
    void formsWithoutThePagesTokenOrFromAnotherRoleAreRefused() {
        String proposal = given().contentType(ContentType.JSON)
                .body(Map.of("useCase", Map.of("name", "Forgery target", "dailyRequestVolume", 100, "consistency", "FLEXIBLE",
                        "labeledExamples", 0, "stableMonths", 1, "timeToProductionWeeks", 1, "latencyBudgetMs", 3000, "vocabulary",
                        "STANDARD"), "owner", "o", "businessJustification", "j"))
                .post("/api/proposals").then().statusCode(201).extract().path("id");
        Session submitter = Session.of(TestUsers.SUBMITTER);
        submitter.post("/console/proposals/" + proposal + "/decision", Map.of("decision", "APPROVED", "rationale", "mine")).then()
                .statusCode(403);
        Session board = Session.of(TestUsers.BOARD);
        given().auth().none().redirects().follow(false).cookie("aigov-session", board.session).cookie("aigov-csrf", board.token)
                .formParams(Map.of("csrf-token", "forged")).post("/console/proposals/" + proposal + "/review").then().statusCode(403);
        given().auth().none().redirects().follow(false).cookie("aigov-session", board.session)
                .formParams(Map.of("csrf-token", board.token)).post("/console/proposals/" + proposal + "/review").then().statusCode(403);
        board.post("/console/proposals/" + proposal + "/review", Map.of()).then().statusCode(303);
    }

    /** A signed-in console session with the token its pages carry. */
    private record Session(String session, String token) {

        static Session of(String username) {
            String session = TestUsers.consoleSession(username);
            Response home = given().auth().none().cookie("aigov-session", session).get("/console");
            return new Session(session, home.getCookie("aigov-csrf"));
        }

        Response post(String path, Map<String, String> form) {
            return given().auth().none().redirects().follow(false).cookie("aigov-session", session).cookie("aigov-csrf", token)
                    .formParam("csrf-token", token).formParams(form).post(path);
        }
    }

    private static String useCase(String name) {
        return """
                {"name": %s, "dailyRequestVolume": 100, "consistency": "FLEXIBLE", "labeledExamples": 0, "stableMonths": 1,
                 "timeToProductionWeeks": 1, "latencyBudgetMs": 3000, "vocabulary": "STANDARD"}
                """.formatted(com.fasterxml.jackson.databind.node.TextNode.valueOf(name).toString());
    }
}
