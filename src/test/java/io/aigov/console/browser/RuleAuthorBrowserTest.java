package io.aigov.console.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

import io.aigov.ruleset.rest.FourEyesRulesFolder;
import io.aigov.support.TestUsers;
import io.aigov.support.UseCaseBodies;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * In Chromium, with four-eyes control on: a rule author raises a threshold in the editor and sees
 * the impact; a second rule author approves it; the next evaluation in the form uses the new version.
 */
@QuarkusTest
@TestProfile(FourEyesRulesFolder.class)
class RuleAuthorBrowserTest {

    @TestHTTPResource("/")
    URL base;

    /** The use case the form fills in below, as the API receives it. */
    private static final String TIPPING_CASE = """
            {"name": "Tipping case", "dailyRequestVolume": 55000, "consistency": "STRICT", "labeledExamples": 400,
             "stableMonths": 2, "timeToProductionWeeks": 4, "latencyBudgetMs": 150, "vocabulary": "STANDARD"}""";

    private String original;

    @BeforeEach
    void noteTheServingVersion() {
        original = FourEyesRulesFolder.servingVersion();
    }

    @AfterEach
    void restore() {
        FourEyesRulesFolder.restore(original);
    }

    @Test
    void aThresholdChangeIsProposedApprovedAndThenDecides() {
        List<String> firedBefore = TestUsers.as(TestUsers.SUBMITTER).contentType(ContentType.JSON).body(TIPPING_CASE)
                .post("/api/evaluations").then().statusCode(201).extract().path("firedRules.name");
        assertTrue(firedBefore.contains("volume-favours-fine-tuning"), "55,000 a day is over the shipped 50,000: " + firedBefore);

        String change;
        try (Browser browser = new Browser(base.toString(), 1280, 1000)) {
            browser.signIn(TestUsers.RULE_AUTHOR, TestUsers.password(TestUsers.RULE_AUTHOR));
            browser.clickThrough(browser.driver().findElement(By.id("nav-rules")));
            browser.clickThrough(browser.waitFor(By.linkText("Edit the thresholds")));
            var field = browser.waitFor(By.id("value.volume.fineTuning.min"));
            assertEquals("50000", field.getAttribute("value"));
            assertTrue(browser.text().contains("Daily request volume"), "the key's comment is its help");
            field.clear();
            field.sendKeys("forty thousand");
            browser.clickThrough(browser.driver().findElement(By.id("propose")));
            assertTrue(browser.waitFor(By.id("error.volume.fineTuning.min")).getText().contains("is not a number"));

            browser.field("value.volume.fineTuning.min").clear();
            browser.field("value.volume.fineTuning.min").sendKeys("60000");
            // Before proposing: the simulator decides a use case by the serving rules and by the edited value, side by side.
            browser.field("simulate.useCase").sendKeys(UseCaseBodies.tipping("Browser simulation").replace("45000", "55000"));
            browser.clickThrough(browser.driver().findElement(By.id("simulate")));
            String simulation = browser.waitFor(By.id("simulation-result")).getText();
            assertTrue(simulation.contains("The change decides this use case otherwise.") && simulation.contains("volume-favours-fine-tuning")
                    && browser.driver().findElements(By.cssSelector("#simulation-table tr.differs")).size() >= 1, simulation);
            assertEquals("60000", browser.field("value.volume.fineTuning.min").getAttribute("value"), "the edited value is kept");
            browser.driver().executeScript("document.getElementById('simulation-result').scrollIntoView()");
            browser.screenshot("rule-simulator");
            // A check takes seconds: the form says so once sent, and a second click does not send it again.
            Object sent = browser.driver().executeScript("""
                    const form = document.querySelector("form[action='/console/rules/thresholds']");
                    form.requestSubmit();
                    form.requestSubmit();
                    return form.getAttribute("aria-busy") + " " + form.querySelectorAll("[role=status].busy").length;""");
            assertEquals("true 1", sent);
            assertEquals("Pending", browser.waitFor(By.id("change-status")).getText());
            String page = browser.text();
            assertTrue(browser.driver().findElement(By.id("impact-summary")).getText().matches("\\d+ of the \\d+ latest decisions would change\\."));
            assertTrue(page.contains("-volume.fineTuning.min = 50000") && page.contains("+volume.fineTuning.min = 60000"), page);
            assertTrue(browser.driver().findElements(By.id("approve")).isEmpty(), "the author cannot approve their own change");
            assertTrue(browser.driver().findElement(By.id("own-pending")).getText().contains("another rule author or a board member"),
                    "the author is told who approves it");
            String menu = browser.driver().findElement(By.id("nav-rules")).getAttribute("textContent");
            assertTrue(menu.matches("Rules [1-9]\\d* pending"), "the menu counts it: " + menu);
            browser.screenshot("rule-change");
            change = browser.path();
        }

        String approved;
        try (Browser browser = new Browser(base.toString(), 1280, 1000)) {
            browser.signIn(TestUsers.OTHER_RULE_AUTHOR, TestUsers.password(TestUsers.OTHER_RULE_AUTHOR));
            browser.open(change);
            // Approving comes before the checks' details, not below them.
            assertTrue(browser.waitFor(By.id("approve")).getLocation().getY() < browser.driver().findElement(By.id("checks")).getLocation().getY());
            browser.clickThrough(browser.waitFor(By.cssSelector("#approve button")));
            assertEquals("Activated", browser.waitFor(By.id("change-status")).getText());
            approved = browser.driver().findElement(By.id("candidate-version")).getText();
            assertNotEquals(original, approved);
        }

        try (Browser browser = new Browser(base.toString(), 1280, 1000)) {
            browser.signIn(TestUsers.SUBMITTER, TestUsers.password(TestUsers.SUBMITTER));
            browser.open("/console/evaluations/new");
            browser.waitFor(By.id("name")).sendKeys("Tipping case");
            browser.field("dailyRequestVolume").sendKeys("55000");
            new Select(browser.field("consistency")).selectByValue("STRICT");
            browser.field("labeledExamples").sendKeys("400");
            browser.field("stableMonths").sendKeys("2");
            browser.field("timeToProductionWeeks").sendKeys("4");
            browser.field("latencyBudgetMs").sendKeys("150");
            new Select(browser.field("vocabulary")).selectByValue("STANDARD");
            browser.clickThrough(browser.driver().findElement(By.cssSelector("form[action='/console/evaluations'] button[type=submit]")));
            browser.waitFor(By.id("approach"));
            assertTrue(browser.text().contains(approved), "the evaluation names the approved version");
            assertFalse(browser.text().contains("volume-favours-fine-tuning"), "55,000 a day is no longer over the raised threshold");
        }
    }
}
