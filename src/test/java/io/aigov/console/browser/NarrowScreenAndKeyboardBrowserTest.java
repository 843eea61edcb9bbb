package io.aigov.console.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import io.aigov.support.TestUsers;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * In Chromium on a 390 px wide phone screen: no console page scrolls sideways (wide tables scroll
 * inside their own box), every form control has a label, and the keyboard reaches the content
 * first through the skip link and can fill and send a form without a mouse.
 */
@QuarkusTest
class NarrowScreenAndKeyboardBrowserTest {

    /** Form controls without a label a screen reader could announce, as their HTML. */
    private static final String UNLABELLED = """
            return Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea'))
                .filter(e => e.labels.length === 0 && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby'))
                .map(e => e.outerHTML);""";
    /** How far the page reaches beyond the screen's width, in CSS pixels. */
    private static final String SIDEWAYS = "return document.documentElement.scrollWidth - document.documentElement.clientWidth;";
    /**
     * What reaches past the screen's right edge outside the boxes that scroll, elements and text (a long word overflows the
     * box that holds it), to say what pushes a page sideways.
     */
    private static final String PAST_THE_EDGE = """
            const edge = document.documentElement.clientWidth;
            const right = (box) => box.right + window.scrollX;
            const inScroll = (node) => node.parentElement.closest(".scroll, pre") !== null;
            const found = [...document.querySelectorAll("body *")].filter((element) => !inScroll(element) && right(element.getBoundingClientRect()) > edge + 1)
                .map((element) => element.tagName.toLowerCase() + (element.id ? "#" + element.id : "") + (element.className ? "." + element.className : ""));
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            for (let text = walker.nextNode(); text !== null; text = walker.nextNode()) {
                const range = document.createRange();
                range.selectNodeContents(text);
                if (!inScroll(text) && right(range.getBoundingClientRect()) > edge + 1) {
                    found.push("text '" + text.textContent.trim().slice(0, 40) + "' in " + text.parentElement.tagName.toLowerCase());
                }
            }
            return found.slice(0, 6).join(", ");""";

    @TestHTTPResource("/")
    URL base;

    private static WebElement focused(Browser browser) {
        return browser.driver().switchTo().activeElement();
    }

    @Test
    void everyPageFitsA390PixelScreenAndLabelsEveryControl() {
        String evaluation = TestUsers.as(TestUsers.SUBMITTER).contentType(ContentType.JSON).body("""
                {"name": "A use case with a rather long name that must wrap on a phone screen without pushing the page sideways",
                 "dailyRequestVolume": 200000, "consistency": "STRICT", "labeledExamples": 5000, "stableMonths": 12,
                 "timeToProductionWeeks": 10, "latencyBudgetMs": 300, "vocabulary": "PROPRIETARY", "domain": "EMPLOYMENT",
                 "euExposure": true, "influencesDecisionsAboutPeople": true}""").post("/api/evaluations")
                .then().statusCode(201).extract().path("id");
        List<String> pages = new ArrayList<>(ConsolePages.ALL.subList(1, ConsolePages.ALL.size()));
        String proposal = TestUsers.as(TestUsers.SUBMITTER).contentType(ContentType.JSON).body("{\"useCase\": "
                + io.aigov.support.UseCaseBodies.euScreening("Narrow workspace") + ", \"owner\": \"hr\", \"businessJustification\": \"Screening.\"}")
                .post("/api/proposals").then().statusCode(201).extract().path("id");
        String someControl = TestUsers.as(TestUsers.COMPLIANCE).get("/api/controls?useCase=" + proposal).then().statusCode(200).extract()
                .path("[0].id");
        pages.addAll(List.of("/console/evaluations/" + evaluation, "/console/audit/" + evaluation, "/console/rules/files/verdict.drl",
                "/console/proposals/" + proposal, "/console/controls/" + someControl));

        try (Browser browser = new Browser(base.toString(), 390, 844)) {
            browser.signIn(TestUsers.TESTER, TestUsers.password(TestUsers.TESTER));
            List<String> problems = new ArrayList<>();
            for (String page : pages) {
                browser.open(page);
                browser.waitFor(By.cssSelector("main h1"));
                long sideways = (Long) browser.driver().executeScript(SIDEWAYS);
                if (sideways > 0) {
                    browser.driver().executeScript("window.scrollTo(document.documentElement.scrollWidth, 0)");
                    browser.screenshot("sideways-" + page.replaceAll("[^a-z]+", "-"));
                    problems.add(page + " is " + sideways + " px wider than the screen: " + browser.driver().executeScript(PAST_THE_EDGE));
                }
                @SuppressWarnings("unchecked")
                List<String> unlabelled = (List<String>) browser.driver().executeScript(UNLABELLED);
                unlabelled.forEach(control -> problems.add(page + " has an unlabelled control: " + control));
            }
            browser.open("/console/evaluations/" + evaluation);
            browser.screenshot("evaluation-result-390px");
            browser.open("/console/controls/" + someControl);
            browser.driver().executeScript("document.getElementById('reassign').scrollIntoView()");
            browser.screenshot("control-owner-390px");
            assertTrue(problems.isEmpty(), String.join("\n", problems));
        }
    }

    @Test
    void theKeyboardSkipsToTheContentAndSendsAForm() {
        try (Browser browser = new Browser(base.toString(), 1280, 900)) {
            browser.signIn(TestUsers.ADMIN, TestUsers.password(TestUsers.ADMIN));
            browser.open("/console/users");
            browser.waitFor(By.cssSelector("main h1"));

            Actions keyboard = new Actions(browser.driver());
            keyboard.sendKeys(Keys.TAB).perform();
            assertEquals("Skip to content", focused(browser).getText());
            keyboard.sendKeys(Keys.ENTER).sendKeys(Keys.TAB).perform();
            assertEquals("new-username", focused(browser).getAttribute("id"), "the first field of the page's content");

            String name = "kbd" + System.nanoTime();
            keyboard.sendKeys(name).sendKeys(Keys.TAB).sendKeys("a-keyboard-passphrase").sendKeys(Keys.TAB).sendKeys(Keys.SPACE).perform();
            WebElement role = focused(browser);
            assertTrue(role.getAttribute("id").startsWith("new-role-") && role.isSelected(), "a role ticked with the space bar");
            for (int i = 0; i < 10 && !"button".equals(focused(browser).getTagName()); i++) {
                keyboard.sendKeys(Keys.TAB).perform();
            }
            assertEquals("Create the user", focused(browser).getText());
            keyboard.sendKeys(Keys.ENTER).perform();
            browser.waitFor(By.id("account-" + name));
        }
    }
}
