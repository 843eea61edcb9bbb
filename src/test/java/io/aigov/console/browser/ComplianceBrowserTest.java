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
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.WebElement;
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
            assertTrue(rows.stream().allMatch(row -> row.contains("Board review") && row.contains("EU AI Act (Regulation (EU) 2024/1689): High")
                    && row.contains(marker)), rows.toString());
            assertEquals("date", browser.field("from").getAttribute("type"), "dates are picked, not typed");
            assertTrue(browser.driver().findElements(By.cssSelector("#rule-names option[value='eu-ai-act-high-risk-decisions-about-people']"))
                    .size() == 1, "the fired-rule filter offers the rules' names");
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
            assertTrue(browser.driver().findElement(By.id("dashboard-total")).getText().matches("\\d+ evaluations since .*"));
            // The verdicts have their badges' colours, and the figures are a table too, each row leading to its records.
            Object colours = browser.driver().executeScript("""
                    const option = echarts.getInstanceByDom(document.querySelector("[data-chart-filter=verdict]")).getOption();
                    return option.series.map((series) => series.code + "=" + series.itemStyle.color).sort().join(" ");""");
            assertTrue(colours.toString().contains("ALLOWED=#1d7a3c") && colours.toString().contains("BOARD_REVIEW=#a35d00"), colours.toString());
            // A rule's name is shown whole: the chart makes room for its labels instead of cutting them at a fixed margin.
            assertEquals(Boolean.TRUE, browser.driver().executeScript(
                    "return echarts.getInstanceByDom(document.querySelector('[data-chart-kind=counts]')).getOption().grid[0].containLabel;"));
            browser.driver().findElement(By.cssSelector("#by-verdict ~ details summary")).click();
            WebElement boardReview = browser.driver().findElement(By.partialLinkText("Board review"));
            assertTrue(boardReview.getAttribute("href").contains("/console/audit?kind=EVALUATION&verdict=BOARD_REVIEW&from="),
                    boardReview.getAttribute("href"));
            browser.screenshot("dashboard");
            // A bar leads to the records it counts: today's board reviews.
            Object bar = browser.driver().executeScript("""
                    const element = document.querySelector("[data-chart-filter=verdict]");
                    const chart = echarts.getInstanceByDom(element);
                    const option = chart.getOption();
                    const series = option.series.findIndex((s) => s.code === "BOARD_REVIEW");
                    const day = option.xAxis[0].data.length - 1;
                    // The bars stack in the series' order: the middle of this one lies above those before it.
                    const below = option.series.slice(0, series).reduce((sum, s) => sum + s.data[day], 0);
                    const point = chart.convertToPixel({ seriesIndex: series }, [day, below + option.series[series].data[day] / 2]);
                    const box = element.getBoundingClientRect();
                    return [Math.round(point[0] - box.width / 2), Math.round(point[1] - box.height / 2)];""");
            List<?> offset = (List<?>) bar;
            new Actions(browser.driver()).moveToElement(browser.driver().findElement(By.cssSelector("[data-chart-filter=verdict]")),
                    ((Number) offset.get(0)).intValue(), ((Number) offset.get(1)).intValue()).click().perform();
            browser.waitUntil(ExpectedConditions.urlContains("verdict=BOARD_REVIEW"));
            assertTrue(browser.path().startsWith("/console/audit"), browser.path());
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
