package io.aigov.console.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import io.aigov.support.TestUsers;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** In Chromium: a signed-out visitor sees only the sign-in page; a signed-in user sees what their roles allow. */
@QuarkusTest
class SignInBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void aSignedOutVisitorSeesOnlyTheSignInPage() {
        try (Browser browser = new Browser(base.toString(), 1280, 900)) {
            for (String page : ConsolePages.ALL) {
                browser.open(page);
                browser.waitFor(By.id("username"));
                assertEquals("/signin", browser.path(), page);
            }
            browser.screenshot("sign-in");
        }
    }

    @Test
    void aBoardMemberSignsInSeesTheBoardsSectionsAndSignsOut() {
        try (Browser browser = new Browser(base.toString(), 390, 844)) {
            browser.signIn(TestUsers.BOARD, TestUsers.password(TestUsers.BOARD));
            assertEquals("/console", browser.path());
            String page = browser.text();
            assertTrue(page.contains("Welcome, " + TestUsers.BOARD) && page.contains("Board queue"), page);
            assertFalse(page.contains("Audit trail") || page.contains("Users"), page);

            browser.clickThrough(browser.driver().findElement(By.cssSelector("form.signout button")));
            browser.waitFor(By.id("username"));
            assertTrue(browser.text().contains("You are signed out"));
            browser.open("/console");
            browser.waitFor(By.id("username"));
            assertEquals("/signin", browser.path());
        }
    }
}
