package io.aigov.console.browser;

import static io.aigov.support.TestUsers.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import io.aigov.support.TestUsers;

/**
 * In Chromium: a user gives their address on the notifications page (a bad one is named beside the
 * field), chooses the daily digest, and finds it saved; only an administrator sees every delivery.
 */
@QuarkusTest
class NotificationsBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @AfterEach
    void putTheChoicesBack() {
        as(TestUsers.SUBMITTER).contentType(ContentType.JSON)
                .body("{\"email\": null, \"reassessments\": true, \"decisions\": true, \"prohibited\": true, \"upcoming\": true, \"digest\": false}")
                .put("/api/me/notifications").then().statusCode(200);
    }

    @Test
    void aUserSetsTheirAddressAndTheDigestAndOnlyAnAdministratorSeesEveryDelivery() {
        try (Browser browser = new Browser(base.toString(), 1280, 900)) {
            browser.signIn(TestUsers.SUBMITTER, TestUsers.password(TestUsers.SUBMITTER));
            browser.clickThrough(browser.driver().findElement(By.linkText("Notifications")));
            assertEquals("/console/notifications", browser.path());
            WebElement email = browser.field("email");
            // The browser's own check of type=email is off the point here: the service's is tested.
            browser.driver().executeScript("arguments[0].type = 'text'", email);
            email.sendKeys("not an address");
            browser.clickThrough(browser.driver().findElement(By.cssSelector("#notification-settings button[type=submit]")));
            assertEquals("true", browser.field("email").getAttribute("aria-invalid"));
            assertTrue(browser.waitFor(By.id("email-error")).getText().contains("must be an e-mail address"), browser.text());
            assertEquals("not an address", browser.field("email").getAttribute("value"), "what was entered is shown again");

            browser.field("email").clear();
            browser.field("email").sendKeys("sam@example.org");
            browser.driver().findElement(By.cssSelector("input[name=digest]")).click();
            browser.driver().findElement(By.cssSelector("input[name=decisions]")).click();
            browser.clickThrough(browser.driver().findElement(By.cssSelector("#notification-settings button[type=submit]")));
            assertTrue(browser.text().contains("Saved."), browser.text());
            assertEquals("sam@example.org", browser.field("email").getAttribute("value"));
            assertTrue(browser.driver().findElement(By.cssSelector("input[name=digest]")).isSelected());
            assertFalse(browser.driver().findElement(By.cssSelector("input[name=decisions]")).isSelected());
            assertTrue(browser.driver().findElements(By.id("deliveries")).isEmpty(), "only administrators see every delivery");
            browser.screenshot("notifications");
        }
        as(TestUsers.SUBMITTER).get("/api/me/notifications").then().statusCode(200)
                .body("email", equalTo("sam@example.org")).body("digest", equalTo(true))
                .body("decisions", equalTo(false));

        try (Browser browser = new Browser(base.toString(), 1280, 900)) {
            browser.signIn(TestUsers.ADMIN, TestUsers.password(TestUsers.ADMIN));
            browser.clickThrough(browser.driver().findElement(By.linkText("Notifications")));
            assertTrue(browser.waitFor(By.id("deliveries")).getText().contains("Every delivery"), browser.text());
        }
    }
}
