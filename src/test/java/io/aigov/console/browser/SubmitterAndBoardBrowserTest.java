package io.aigov.console.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import io.aigov.support.TestUsers;

/**
 * In Chromium, without a terminal: a submitter evaluates a use case (correcting a field the
 * service refused) and submits it as a proposal; a board member takes it from the queue, approves
 * it with a condition and prints the board report; the submitter finds it in the inventory and
 * declares it in production.
 */
@QuarkusTest
class SubmitterAndBoardBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void aUseCaseGoesFromTheFormToTheBoardsDecision() {
        String title = "Candidate screening " + System.nanoTime();
        String proposal;
        try (Browser browser = new Browser(base.toString(), 1280, 1000)) {
            browser.signIn(TestUsers.SUBMITTER, TestUsers.password(TestUsers.SUBMITTER));
            browser.clickThrough(browser.driver().findElement(By.linkText("New evaluation")));
            browser.waitFor(By.id("name")).sendKeys(title);
            browser.field("dailyRequestVolume").sendKeys("lots");
            new Select(browser.field("consistency")).selectByValue("STRICT");
            browser.field("labeledExamples").sendKeys("5000");
            browser.field("stableMonths").sendKeys("12");
            browser.field("timeToProductionWeeks").sendKeys("8");
            browser.field("latencyBudgetMs").sendKeys("1000");
            new Select(browser.field("vocabulary")).selectByValue("PROPRIETARY");
            new Select(browser.field("domain")).selectByValue("EMPLOYMENT");
            browser.driver().findElement(By.cssSelector("input[name=jurisdictions][value=EU]")).click();
            browser.field("influencesDecisionsAboutPeople").click();
            submit(browser);

            WebElement error = browser.waitFor(By.id("dailyRequestVolume-error"));
            assertTrue(error.getText().contains("must be a whole number"), error.getText());
            assertEquals("true", browser.field("dailyRequestVolume").getAttribute("aria-invalid"));
            assertEquals(title, browser.field("name").getAttribute("value"), "what was entered is kept");
            browser.screenshot("evaluation-form-error");
            browser.field("dailyRequestVolume").clear();
            browser.field("dailyRequestVolume").sendKeys("60000");
            submit(browser);

            browser.waitFor(By.id("approach"));
            String result = browser.text();
            assertTrue(browser.path().startsWith("/console/evaluations/"), browser.path());
            assertEquals("Board review", browser.driver().findElement(By.id("verdict")).getText());
            assertTrue(result.contains("eu-ai-act-high-risk-decisions-about-people") && result.contains("regulation-eu-ai-act.drl"), result);
            assertTrue(result.contains("Art. 14: design for effective human oversight"), result);
            assertTrue(result.contains("What would change the advice")
                    && result.contains("Influences decisions about people: No instead of Yes gives the verdict Allowed"), result);
            browser.driver().executeScript("document.getElementById('why-not').scrollIntoView()");
            browser.screenshot("evaluation-why-not");
            browser.driver().executeScript("window.scrollTo(0, 0)");
            browser.screenshot("evaluation-result");

            browser.field("owner").sendKeys("Head of People");
            browser.field("businessJustification").sendKeys("Shortlisting for 2,000 applications a week.");
            browser.clickThrough(browser.driver().findElement(By.cssSelector("form[action='/console/proposals'] button[type=submit]")));
            browser.waitFor(By.id("state"));
            assertEquals("Submitted", browser.driver().findElement(By.id("state")).getText());
            proposal = browser.path();
        }

        try (Browser browser = new Browser(base.toString(), 1280, 1000)) {
            browser.signIn(TestUsers.BOARD, TestUsers.password(TestUsers.BOARD));
            browser.clickThrough(browser.driver().findElement(By.id("nav-board")));
            browser.clickThrough(browser.driver().findElement(By.linkText(title)));
            assertEquals(proposal, browser.path());
            // The board's workspace: the evaluation and why beside the decision form, decided without a separate review step.
            WebElement why = browser.waitFor(By.id("advice"));
            WebElement deciding = browser.driver().findElement(By.cssSelector("aside.deciding"));
            assertTrue(deciding.getLocation().getX() > why.getLocation().getX() + 300, "the decision form is beside the evaluation");
            String workspace = browser.text();
            assertTrue(workspace.contains("eu-ai-act-high-risk-decisions-about-people") && workspace.contains("What would change the advice")
                    && workspace.contains("Influences decisions about people: No instead of Yes"), workspace);
            browser.screenshot("board-workspace");
            browser.waitFor(By.id("decision-APPROVED_WITH_CONDITIONS"));
            // Each outcome reads on one line beside its button: a button as wide as a text field squeezed the words apart.
            for (WebElement option : browser.driver().findElements(By.cssSelector("input[name=decision]"))) {
                WebElement label = option.findElement(By.xpath(".."));
                assertTrue(option.getSize().getWidth() < 40 && label.getSize().getHeight() < 40,
                        label.getText() + ": button " + option.getSize() + ", label " + label.getSize());
            }
            browser.driver().findElement(By.id("decision-APPROVED_WITH_CONDITIONS")).click();
            browser.field("rationale").sendKeys("Human review of every shortlist.");
            browser.field("conditions").sendKeys("A recruiter reviews every shortlist before candidates are contacted.");
            browser.clickThrough(browser.driver().findElement(By.cssSelector("form[action$='/decision'] button[type=submit]")));
            assertEquals("Approved with conditions", browser.waitFor(By.id("decision-outcome")).getText());
            assertEquals("Approved with conditions", browser.driver().findElement(By.id("state")).getText());

            browser.clickThrough(browser.driver().findElement(By.linkText("Board report")));
            browser.waitFor(By.cssSelector("article.report"));
            String report = browser.text();
            assertTrue(report.contains("A recruiter reviews every shortlist") && report.contains("position")
                    && report.contains("Ruleset version"), report);
            browser.driver().executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
            assertEquals("none", browser.driver().findElement(By.cssSelector("header.bar")).getCssValue("display"),
                    "the printed report carries no navigation");
            browser.screenshot("board-report-print");
        }

        // Compliance follows the records' links: the decision's record, the evaluation it was taken on, back to the proposal,
        // and a rule that fired to its file at the version that decided, the rule highlighted.
        try (Browser browser = new Browser(base.toString(), 1280, 1000)) {
            browser.signIn(TestUsers.COMPLIANCE, TestUsers.password(TestUsers.COMPLIANCE));
            browser.open(proposal);
            browser.clickThrough(browser.waitFor(By.id("decision-record")));
            assertEquals("Approved with conditions", browser.waitFor(By.id("decision-outcome")).getText());
            assertTrue(browser.driver().findElement(By.id("board-report")).getAttribute("href").endsWith(proposal + "/report"));
            browser.clickThrough(browser.driver().findElement(By.id("decided-evaluation")));
            browser.clickThrough(browser.waitFor(By.id("proposal-link")));
            assertEquals(proposal, browser.path());
            browser.clickThrough(browser.driver().findElement(By.linkText("eu-ai-act-high-risk-decisions-about-people")));
            assertTrue(browser.waitFor(By.id("highlighted-rule")).getText().contains("eu-ai-act-high-risk-decisions-about-people"));
            assertTrue(browser.driver().findElements(By.cssSelector("pre.source span.highlight")).size() > 3, "the rule's lines are highlighted");
        }

        try (Browser browser = new Browser(base.toString(), 1280, 1000)) {
            browser.signIn(TestUsers.SUBMITTER, TestUsers.password(TestUsers.SUBMITTER));
            browser.clickThrough(browser.driver().findElement(By.linkText("Inventory")));
            new Select(browser.field("state")).selectByValue("APPROVED_WITH_CONDITIONS");
            browser.clickThrough(browser.driver().findElement(By.cssSelector("form.filters button[type=submit]")));
            assertTrue(browser.path().contains("state=APPROVED_WITH_CONDITIONS"), browser.path());
            browser.clickThrough(browser.driver().findElement(By.linkText(title)));
            assertEquals(proposal, browser.path());
            browser.field("production-note").sendKeys("Live for the recruiting team.");
            browser.clickThrough(browser.driver().findElement(By.cssSelector("form[action$='/production'] button")));
            assertEquals("In production", browser.waitFor(By.id("state")).getText());
            assertTrue(browser.text().contains("Live for the recruiting team."), "the note is in the history");

            browser.clickThrough(browser.driver().findElement(By.linkText("Inventory")));
            browser.clickThrough(browser.driver().findElement(By.cssSelector("#state-counts a[href$='state=IN_PRODUCTION']")));
            String inventory = browser.driver().findElement(By.id("inventory")).getText();
            assertTrue(inventory.contains(title) && inventory.contains("In production")
                    && inventory.contains("EU AI Act (Regulation (EU) 2024/1689): High"), inventory);
            browser.screenshot("inventory");
        }
    }

    private static void submit(Browser browser) {
        browser.clickThrough(browser.driver().findElement(By.cssSelector("form[action='/console/evaluations'] button[type=submit]")));
    }
}
