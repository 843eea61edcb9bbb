package io.aigov.console.browser;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import io.aigov.support.TestUsers;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * In Chromium: a compliance officer filters the audit trail by verdict and regime, opens a record,
 * downloads the CSV of the filter, verifies the chain, and looks at the dashboard.
 */
@QuarkusTest
class ComplianceBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void theAuditTrailIsSearchedExportedAndVerifiedInTheBrowser() throws IOException {
        String marker = "audit-probe-" + System.nanoTime();
        evaluate(marker + " hiring", true);
        evaluate(marker + " hiring again", true);
        evaluate(marker + " notes", false);

        try (Browser browser = new Browser(base.toString(), 1280, 1000)) {
            browser.signIn(TestUsers.COMPLIANCE, TestUsers.password(TestUsers.COMPLIANCE));
            browser.clickThrough(browser.driver().findElement(By.linkText("Audit trail")));
            new Select(browser.waitFor(By.id("verdict"))).selectByValue("BOARD_REVIEW");
            new Select(browser.field("regime")).selectByValue("EU_AI_ACT");
            browser.field("q").sendKeys(marker);
            browser.clickThrough(browser.driver().findElement(By.cssSelector("form.filters button[type=submit]")));
            browser.waitUntil(ExpectedConditions.urlContains("verdict=BOARD_REVIEW"));

            List<String> rows = browser.driver().findElements(By.cssSelector("#records tbody tr")).stream().map(row -> row.getText()).toList();
            assertEquals(2, rows.size(), rows.toString());
            assertTrue(rows.stream().allMatch(row -> row.contains("BOARD_REVIEW") && row.contains("EU_AI_ACT") && row.contains(marker)), rows.toString());
            browser.screenshot("audit-search");

            browser.driver().findElement(By.id("export-csv")).click();
            List<ObjectNode> exported = csv(Files.readString(browser.downloaded("audit-log.csv")));
            assertEquals(2, exported.size(), exported.toString());
            assertTrue(exported.stream().allMatch(row -> row.get("verdict").asText().equals("BOARD_REVIEW")
                    && row.get("name").asText().startsWith(marker)), exported.toString());

            browser.clickThrough(browser.driver().findElement(By.partialLinkText(marker + " hiring again")));
            String record = browser.waitFor(By.tagName("h1")).getText();
            assertEquals(marker + " hiring again", record);
            assertTrue(browser.text().contains("Chain position") && browser.text().contains("eu-ai-act-high-risk-decisions-about-people"));

            browser.driver().navigate().back();
            browser.waitFor(By.id("verify")).click();
            String verdict = browser.waitFor(By.cssSelector("#verification .notice")).getText();
            assertTrue(verdict.startsWith("The chain holds."), verdict);

            browser.clickThrough(browser.driver().findElement(By.linkText("Dashboard")));
            browser.waitFor(By.cssSelector("[data-chart-kind=daily] canvas"));
            assertEquals(4, browser.driver().findElements(By.cssSelector("[data-chart] canvas")).size(), "every chart is drawn");
            browser.screenshot("dashboard");
        }
    }

    private static void evaluate(String name, boolean highRisk) {
        given().contentType(ContentType.JSON).body("""
                {"name": "%s", "dailyRequestVolume": 1000, "consistency": "FLEXIBLE", "labeledExamples": 0, "stableMonths": 1,
                 "timeToProductionWeeks": 2, "latencyBudgetMs": 3000, "vocabulary": "STANDARD", "domain": "%s", "euExposure": %s,
                 "influencesDecisionsAboutPeople": %s}
                """.formatted(name, highRisk ? "EMPLOYMENT" : "GENERAL", highRisk, highRisk)).post("/api/evaluations").then().statusCode(201);
    }

    private static List<ObjectNode> csv(String text) throws IOException {
        CsvMapper mapper = new CsvMapper();
        try (MappingIterator<ObjectNode> rows = mapper.readerFor(ObjectNode.class).with(CsvSchema.emptySchema().withHeader()).readValues(text)) {
            return rows.readAll();
        }
    }
}
