package io.aigov.console.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

import io.aigov.ruleset.rest.FourEyesRulesFolder;
import io.aigov.ruleset.rest.QuestionPackTest;
import io.aigov.support.TestUsers;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * In Chromium, the walkthrough of docs/regulation-packs.md: a rule author adds a pack's
 * declarations through the console's file page (its rule alone is refused there, naming the
 * undeclared question), a second rule author approves; once the pack serves, the evaluation form
 * asks its question when Germany is among the jurisdictions, and its follow-up once it is answered
 * yes, with the pack's labels and help; a required question left open is named beside it; the
 * result shows every answer with its label.
 */
@QuarkusTest
@TestProfile(FourEyesRulesFolder.class)
class QuestionPackBrowserTest {

    @TestHTTPResource("/")
    URL base;

    private static String original;

    @BeforeEach
    void noteTheServingVersion() {
        if (original == null) {
            original = FourEyesRulesFolder.servingVersion();
        }
    }

    /** Through the console's file page: the change's page once proposed, or the form again with the refusal. */
    private static void propose(Browser browser, String name, String content) {
        browser.open("/console/rules");
        browser.clickThrough(browser.waitFor(By.linkText("Add or replace a file")));
        browser.waitFor(By.id("name")).sendKeys(name);
        // Typed into the text area, the rule's indentation would be the browser's; set as a paste would.
        browser.driver().executeScript("arguments[0].value = arguments[1];", browser.field("content"), content);
        browser.clickThrough(browser.driver().findElement(By.id("propose")));
    }

    private void addThePackThroughTheConsole() {
        String change;
        try (Browser browser = new Browser(base.toString(), 1280, 1000)) {
            browser.signIn(TestUsers.RULE_AUTHOR, TestUsers.password(TestUsers.RULE_AUTHOR));
            propose(browser, "works-council.drl", QuestionPackTest.RULES);
            assertTrue(browser.waitFor(By.id("refused")).isDisplayed());
            assertTrue(browser.text().contains("question 'works-council' is not declared"), browser.text());

            propose(browser, "works-council.properties", QuestionPackTest.DECLARATIONS);
            assertEquals("Pending", browser.waitFor(By.id("change-status")).getText());
            change = browser.path();
        }
        try (Browser browser = new Browser(base.toString(), 1280, 1000)) {
            browser.signIn(TestUsers.OTHER_RULE_AUTHOR, TestUsers.password(TestUsers.OTHER_RULE_AUTHOR));
            browser.open(change);
            browser.clickThrough(browser.waitFor(By.cssSelector("#approve button")));
            assertEquals("Activated", browser.waitFor(By.id("change-status")).getText());
        }
        QuestionPackTest.uploadAndApprove("works-council.drl", QuestionPackTest.RULES);
    }

    @AfterEach
    void restoreTheFolderAndItsVersion() {
        FourEyesRulesFolder.restore(original);
        assertEquals(original, FourEyesRulesFolder.servingVersion());
    }

    @Test
    void aPackAddedThroughTheConsoleAsksItsQuestionsAsTheirConditionsHoldAndTheResultShowsTheAnswers() {
        addThePackThroughTheConsole();
        try (Browser browser = new Browser(base.toString(), 1280, 1400)) {
            browser.signIn(TestUsers.SUBMITTER, TestUsers.password(TestUsers.SUBMITTER));
            browser.open("/console/evaluations/new");
            browser.waitFor(By.id("name"));
            assertTrue(browser.driver().findElements(By.id("answers.works-council")).isEmpty(), "not asked outside Germany");

            browser.field("name").sendKeys("Shift planning");
            browser.field("dailyRequestVolume").sendKeys("2000");
            new Select(browser.field("consistency")).selectByValue("MODERATE");
            browser.field("labeledExamples").sendKeys("300");
            browser.field("stableMonths").sendKeys("6");
            browser.field("timeToProductionWeeks").sendKeys("8");
            browser.field("latencyBudgetMs").sendKeys("2000");
            new Select(browser.field("vocabulary")).selectByValue("STANDARD");
            new Select(browser.field("domain")).selectByValue("EMPLOYMENT");
            browser.field("influencesDecisionsAboutPeople").click();
            browser.driver().findElement(By.cssSelector("input[name=jurisdictions][value=DE]")).click();

            browser.waitFor(By.id("answers.works-council"));
            String label = browser.driver().findElement(By.cssSelector("label[for='answers.works-council']")).getText();
            assertTrue(label.contains("Does the employer have a works council in Germany?") && label.contains("section 87(1) no. 6"), label);
            assertTrue(browser.driver().findElements(By.id("answers.monitored-staff")).isEmpty(), "asked only once the council is there");
            assertEquals("works-council", browser.driver().findElement(By.cssSelector("fieldset.pack legend")).getText(),
                    "a pack that declares no regime goes by its file's name");

            browser.clickThrough(browser.driver().findElement(By.cssSelector("form[action='/console/evaluations'] button[type=submit]")));
            assertTrue(browser.waitFor(By.id("answers.works-council-error")).getText().contains("is required"), browser.text());

            new Select(browser.field("answers.works-council")).selectByValue("yes");
            browser.waitFor(By.id("answers.monitored-staff")).sendKeys("40");
            browser.screenshot("question-pack-form");
            browser.clickThrough(browser.driver().findElement(By.cssSelector("form[action='/console/evaluations'] button[type=submit]")));

            String result = browser.text();
            assertTrue(browser.path().matches("/console/evaluations/[0-9a-f-]{36}"), browser.path());
            assertTrue(result.contains("Does the employer have a works council in Germany?\nYes"), result);
            assertTrue(result.contains("How many employees does the system monitor?\n40 employees"), result);
            assertTrue(result.contains("works-council-consent"), result);
        }
    }
}
