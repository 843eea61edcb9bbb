package io.aigov.console.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import io.aigov.support.TestUsers;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** In Chromium: an administrator creates a user and changes their roles; the new user signs in with them. */
@QuarkusTest
class AdministratorBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void anAdministratorCreatesAUserWhoThenSignsIn() {
        String username = "newcomer" + System.nanoTime();
        String password = "newcomer-password-1";
        try (Browser browser = new Browser(base.toString(), 1280, 1000)) {
            browser.signIn(TestUsers.ADMIN, TestUsers.password(TestUsers.ADMIN));
            browser.clickThrough(browser.driver().findElement(By.linkText("Users")));
            browser.waitFor(By.id("new-username")).sendKeys(username);
            browser.field("new-password").sendKeys("short");
            browser.field("new-role-submitter").click();
            browser.clickThrough(browser.driver().findElement(By.cssSelector("#create-user button[type=submit]")));
            assertTrue(browser.waitFor(By.id("new-password-error")).getText().contains("12 to 200 characters"));

            // The form comes back as it was sent, but for the password.
            assertEquals(username, browser.field("new-username").getAttribute("value"));
            assertTrue(browser.field("new-role-submitter").isSelected(), "the roles chosen are still chosen");
            assertFalse(browser.field("new-role-board").isSelected());
            browser.field("new-password").sendKeys(password);
            browser.clickThrough(browser.driver().findElement(By.cssSelector("#create-user button[type=submit]")));
            WebElement account = browser.waitFor(By.id("account-" + username));
            assertTrue(account.getText().contains("created"), account.getText());
            assertEquals("Created " + username + ".", browser.driver().findElement(By.id("done")).getText(), "the page says what was done");
            assertTrue(account.getSize().getHeight() < 200, "one compact row per account: " + account.getSize());

            account.findElement(By.cssSelector("form.roles input[value=compliance]")).click();
            browser.clickThrough(account.findElement(By.cssSelector("form.roles button")));
            account = browser.waitFor(By.id("account-" + username));
            assertTrue(account.findElement(By.cssSelector("form.roles input[value=compliance]")).isSelected());
            assertTrue(account.findElement(By.cssSelector("form.roles input[value=submitter]")).isSelected());
            assertTrue(browser.text().contains("Roles changed"));
            browser.screenshot("users");
        }
        try (Browser browser = new Browser(base.toString(), 390, 844)) {
            browser.signIn(username, password);
            assertEquals("/console", browser.path());
            String page = browser.text();
            assertTrue(page.contains("Welcome, " + username) && page.contains("New evaluation") && page.contains("Audit trail"), page);
            assertFalse(page.contains("Board queue") || page.contains("Users"), page);
        }
        try (Browser browser = new Browser(base.toString(), 1280, 1000)) {
            browser.signIn(TestUsers.ADMIN, TestUsers.password(TestUsers.ADMIN));
            // Found by part of the name, and removed only once confirmed.
            browser.open("/console/users?q=" + username.substring(3));
            assertEquals(1, browser.driver().findElements(By.cssSelector("#account-list tr.account")).size(), "only the account found");
            WebElement account = browser.waitFor(By.id("account-" + username));
            account.findElement(By.cssSelector("form.remove button")).click();
            browser.driver().switchTo().alert().dismiss();
            assertTrue(browser.driver().findElements(By.id("account-" + username)).size() == 1, "not removed without confirming");
            account.findElement(By.cssSelector("form.remove button")).click();
            browser.driver().switchTo().alert().accept();
            assertEquals("Removed " + username + ".", browser.waitFor(By.id("done")).getText());
            assertTrue(browser.driver().findElements(By.id("account-" + username)).isEmpty(), "removed once confirmed");
        }
    }
}