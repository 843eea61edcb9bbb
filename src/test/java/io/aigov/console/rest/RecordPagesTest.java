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
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

/**
 * What a record page tells a compliance officer: every answer of the use case with its label, a
 * board's override marked with its reason, and links between a decision, the evaluation it was taken
 * on, its proposal and the board report; times to the second and outcomes in words.
 */
@QuarkusTest
class RecordPagesTest {

    private static ValidatableResponse page(String user, String path) {
        return given().auth().none().cookie("aigov-session", TestUsers.consoleSession(user)).get(path).then().log().ifValidationFails().statusCode(200);
    }

    @Test
    void anEvaluationsRecordShowsEveryAnswerWithItsLabelAndLinksItsProposal() {
        String title = "Records in full " + System.nanoTime();
        JsonPath proposal = as(TestUsers.SUBMITTER).contentType(ContentType.JSON).body("""
                {"useCase": {"name": "%s", "dailyRequestVolume": 1200, "consistency": "FLEXIBLE", "labeledExamples": 40,
                 "stableMonths": 2.5, "timeToProductionWeeks": 3, "latencyBudgetMs": 800, "vocabulary": "STANDARD",
                 "domain": "HEALTHCARE", "processesPhi": true, "jurisdictions": ["US-NYC"], "capabilities": ["EMOTION_RECOGNITION"]},
                 "owner": "head-of-care", "businessJustification": "Triage."}""".formatted(title)).post("/api/proposals").then()
                .statusCode(201).extract().jsonPath();

        page(TestUsers.COMPLIANCE, "/console/audit/" + proposal.getString("latestEvaluation.id")).body(allOf(
                containsString("<dt>Jurisdictions</dt><dd>United States (US), New York State (US-NY), New York City (US-NYC)</dd>"),
                containsString("<dt>Capabilities</dt><dd>Recognises emotions (Art. 5(1)(f), Annex III, Art. 50(3)) (EMOTION_RECOGNITION)</dd>"),
                containsString("<dt>Handles protected health information (HIPAA)</dt><dd>Yes</dd>"),
                containsString("<dt>Affects financial reporting (SOX)</dt><dd>No</dd>"),
                containsString("<dt>Latency budget (ms)</dt><dd>800</dd>"),
                containsString("<dt>Months the requirements stay stable</dt><dd>2.5</dd>"),
                containsString("<dt>Weeks to production</dt><dd>3</dd>"),
                containsString("<dt>Vocabulary</dt><dd>Standard</dd>"),
                containsString("<dt>Business area</dt><dd>Healthcare</dd>"),
                containsString("id=\"proposal-link\" href=\"/console/proposals/" + proposal.getString("id") + "\">" + title),
                // To the second, not to the microsecond, with the instant for the viewer's time zone.
                matchesPattern("(?s).*<time class=\"date\" datetime=\"[^\"]+\">\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC</time>.*"),
                containsString("<dt>Kind</dt><dd>Evaluation</dd>"),
                containsString("<h3>HIPAA (45 CFR Parts 160 and 164) <span class=\"badge level-"),
                // What would change it, in the form's words rather than the request's field names.
                containsString("<li>Handles protected health information (HIPAA): No instead of Yes gives the verdict Allowed</li>"),
                not(containsString("processesPhi false"))));
    }

    @Test
    void aBoardDecisionsRecordMarksTheOverrideWithItsReasonAndLinksWhatItDecides() {
        String title = "Overridden " + System.nanoTime();
        String id = as(TestUsers.SUBMITTER).contentType(ContentType.JSON).body("{\"useCase\": " + ProposalBodies.HIGH_RISK.formatted(title)
                + ", \"owner\": \"head-of-credit\", \"businessJustification\": \"Cuts handling time.\"}").post("/api/proposals").then()
                .statusCode(201).extract().path("id");
        as(TestUsers.BOARD).post("/api/proposals/" + id + "/review").then().statusCode(200);
        JsonPath decided = as(TestUsers.BOARD).contentType(ContentType.JSON).body("""
                {"decision": "APPROVED", "rationale": "Value is clear.",
                 "override": {"approach": "HYBRID", "reason": "Rates change monthly: retrieval keeps answers current."}}
                """).post("/api/proposals/" + id + "/decisions").then().statusCode(200).extract().jsonPath();
        String evaluation = decided.getString("latestEvaluation.id");

        page(TestUsers.COMPLIANCE, "/console/audit/" + decided.getString("decision.auditRecordId")).body(allOf(
                containsString("id=\"override-mark\""),
                containsString("<strong>Hybrid</strong>, overriding the recommended Fine tuning: Rates change monthly"),
                containsString("id=\"decision-outcome\">Approved</strong>"),
                containsString("id=\"decided-evaluation\" href=\"/console/audit/" + evaluation + "\""),
                containsString("href=\"/console/proposals/" + id + "\">" + title),
                containsString("id=\"board-report\" href=\"/console/proposals/" + id + "/report\""),
                not(containsString("APPROVED"))));
        page(TestUsers.COMPLIANCE, "/console/audit/" + evaluation).body(allOf(not(containsString("id=\"override-mark\"")),
                containsString("id=\"proposal-link\" href=\"/console/proposals/" + id + "\"")));
    }

    @Test
    void aUseCaseWithoutExposureNamesTheRegimesTheRulesDeclare() {
        String id = as(TestUsers.SUBMITTER).contentType(ContentType.JSON).body("""
                {"useCase": {"name": "Internal wiki search %d", "dailyRequestVolume": 300, "consistency": "FLEXIBLE", "labeledExamples": 0,
                 "stableMonths": 1, "timeToProductionWeeks": 2, "latencyBudgetMs": 2000, "vocabulary": "STANDARD"},
                 "owner": "it", "businessJustification": "Findability."}""".formatted(System.nanoTime())).post("/api/proposals").then()
                .statusCode(201).extract().path("id");

        page(TestUsers.SUBMITTER, "/console/proposals/" + id).body(allOf(containsString("id=\"no-exposure\""),
                containsString("Colorado"), containsString("New York City"), not(containsString("under the EU AI Act, HIPAA or SOX"))));
    }

    @Test
    void aFiredRuleLeadsToItsFileAtTheEvaluatedVersionWithTheRuleHighlighted() {
        JsonPath evaluation = as(TestUsers.SUBMITTER).contentType(ContentType.JSON).body(ProposalBodies.HIGH_RISK.formatted("Rule links "
                + System.nanoTime())).post("/api/evaluations").then().statusCode(201).extract().jsonPath();
        String version = evaluation.getString("rulesetVersion");
        String link = "/console/rules/files/regulation-eu-ai-act.drl?version=" + version + "&amp;rule=eu-ai-act-high-risk-profiling";
        page(TestUsers.COMPLIANCE, "/console/audit/" + evaluation.getString("id")).body(containsString("<a href=\"" + link + "\">"));
        page(TestUsers.SUBMITTER, "/console/evaluations/" + evaluation.getString("id")).body(not(containsString("/console/rules/files/")));

        String file = page(TestUsers.COMPLIANCE, link.replace("&amp;", "&")).extract().asString();
        Matcher highlighted = Pattern.compile("lines (\\d+) to (\\d+)</a>, highlighted").matcher(file);
        assertTrue(highlighted.find(), file);
        int first = Integer.parseInt(highlighted.group(1));
        int last = Integer.parseInt(highlighted.group(2));
        assertTrue(file.contains("<span class=\"line highlight\" id=\"L" + first + "\">rule &quot;eu-ai-act-high-risk-profiling&quot;")
                && file.contains("<span class=\"line highlight\" id=\"L" + last + "\">end</span>")
                && file.contains("<span class=\"line\" id=\"L" + (last + 1) + "\">"), file);
        given().auth().none().cookie("aigov-session", TestUsers.consoleSession(TestUsers.COMPLIANCE))
                .get("/console/rules/files/verdict.drl?version=nope").then().statusCode(404);
    }

    @Test
    void theThresholdsEditorGroupsTheKeysByTheRulesThatReadThemWithUnitsAndLinks() {
        String editor = page(TestUsers.RULE_AUTHOR, "/console/rules/thresholds").extract().asString();
        String factors = editor.substring(editor.indexOf("Read by <code>approach-factors.drl</code>"));
        assertTrue(factors.substring(0, factors.indexOf("</fieldset>")).contains(
                "<code>volume.fineTuning.min</code> (requests a day)") && editor.contains("<code>latency.fineTuning.maxMs</code> (ms)")
                && editor.matches("(?s).*Used by <a href=\"/console/rules/files/approach-factors.drl\\?rule=volume-favours-fine-tuning#L\\d+\">.*")
                && editor.contains("Read by <code>regulation-eu-ai-act.drl</code>"), editor);
    }

    @Test
    void theAuditTrailListsOldestFirstWhenAskedThroughTheApiAndThePage() {
        String marker = "Order probe " + System.nanoTime();
        for (String name : java.util.List.of(marker + " first", marker + " second")) {
            as(TestUsers.SUBMITTER).contentType(ContentType.JSON).body(ProposalBodies.HIGH_RISK.formatted(name)).post("/api/evaluations").then()
                    .statusCode(201);
        }
        as(TestUsers.COMPLIANCE).get("/api/audit?q=" + marker + "&order=OLDEST_FIRST").then().statusCode(200)
                .body("items.name", org.hamcrest.Matchers.contains(marker + " first", marker + " second"));
        as(TestUsers.COMPLIANCE).get("/api/audit?q=" + marker).then().statusCode(200)
                .body("items.name", org.hamcrest.Matchers.contains(marker + " second", marker + " first"));
        as(TestUsers.COMPLIANCE).get("/api/audit?order=SIDEWAYS").then().statusCode(400).contentType("application/problem+json")
                .body(containsString("order"));
        page(TestUsers.COMPLIANCE, "/console/audit?q=" + marker + "&order=OLDEST_FIRST").body(allOf(
                matchesPattern("(?s).*" + marker + " first.*" + marker + " second.*"),
                containsString("<option value=\"OLDEST_FIRST\" selected>Oldest first</option>")));
        page(TestUsers.COMPLIANCE, "/console/audit?size=50").body(containsString("<option value=\"50\" selected>50</option>"));
    }

    @Test
    void anEventsRowInTheAuditTrailShowsNoVerdictBadge() {
        String events = page(TestUsers.COMPLIANCE, "/console/audit?kind=USER_EVENT").extract().asString();
        assertTrue(events.contains(">Created</a>"), events);
        assertTrue(!events.contains("badge verdict-\"") && !events.contains("badge verdict-\">"), "an event has no verdict: " + events);
    }

    /** Bodies of use cases these pages are shown with. */
    private static final class ProposalBodies {
        static final String HIGH_RISK = """
                {"name": "%s", "dailyRequestVolume": 30000, "consistency": "STRICT", "labeledExamples": 10000,
                 "stableMonths": 12, "timeToProductionWeeks": 10, "latencyBudgetMs": 500, "vocabulary": "STANDARD",
                 "domain": "CREDIT_SCORING", "euExposure": true, "profilesPeople": true}""";
    }
}
