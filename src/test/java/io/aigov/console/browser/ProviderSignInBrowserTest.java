package io.aigov.console.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;

import io.aigov.support.TestUsers;
import io.aigov.support.TunedSettings;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * In Chromium, with OpenID Connect switched on: the sign-in page offers the organisation's identity
 * provider, the code flow brings the user back signed in with the name and roles the provider vouches
 * for, signing out ends that session, and the accounts in PostgreSQL keep signing in with a password.
 */
@QuarkusTest
@TestProfile(TunedSettings.class)
class ProviderSignInBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void aComplianceOfficerSignsInThroughTheProviderSeesTheirSectionsAndSignsOut() {
        try (Browser browser = new Browser(base.toString(), 1280, 900)) {
            browser.open("/signin");
            browser.clickThrough(browser.waitFor(By.id("provider-signin")));
            browser.waitFor(By.id("provider-user")).sendKeys("olga");
            browser.field("provider-roles").sendKeys("compliance");
            browser.clickThrough(browser.driver().findElement(By.cssSelector("button[type=submit]")));

            browser.waitFor(By.cssSelector("main h1"));
            assertEquals("/console", browser.path());
            String home = browser.text();
            assertTrue(home.contains("Welcome, olga") && home.contains("Audit trail"), home);
            assertFalse(home.contains("Board queue") || home.contains("Users"), home);
            browser.screenshot("provider-sign-in");
            Cookie session = browser.driver().manage().getCookieNamed("q_session_console");
            assertTrue(session != null && session.isHttpOnly() && "Lax".equals(session.getSameSite()), String.valueOf(session));

            browser.open("/console/audit");
            assertEquals("Audit trail", browser.waitFor(By.cssSelector("main h1")).getText());
            browser.open("/console/users");
            assertEquals("Not allowed", browser.waitFor(By.cssSelector("main h1")).getText());

            browser.clickThrough(browser.driver().findElement(By.cssSelector("form.signout button")));
            browser.waitFor(By.id("username"));
            assertTrue(browser.text().contains("You are signed out"));
            assertNull(browser.driver().manage().getCookieNamed("q_session_console"));
            browser.open("/console");
            browser.waitFor(By.id("username"));
            assertEquals("/signin", browser.path());
        }
    }

    @Test
    void anAccountInPostgreSQLStillSignsInWithItsPassword() {
        try (Browser browser = new Browser(base.toString(), 1280, 900)) {
            browser.signIn(TestUsers.BOARD, TestUsers.password(TestUsers.BOARD));
            assertEquals("/console", browser.path());
            assertTrue(browser.text().contains("Welcome, " + TestUsers.BOARD));
        }
    }
}
