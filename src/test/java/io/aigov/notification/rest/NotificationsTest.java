package io.aigov.notification.rest;

import static io.aigov.support.TestUsers.as;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMailUtil;

import io.aigov.ruleset.rest.WritableRulesFolder;
import io.aigov.support.AuditTable;
import io.aigov.support.Eventually;
import io.aigov.support.NotificationReceivers;
import io.aigov.support.NotificationReceivers.WebhookDelivery;
import io.aigov.support.TestUsers;
import io.aigov.support.UseCaseBodies;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * The owner and the board are told of a reassessment by e-mail, through a real SMTP server, and the
 * webhook gets it signed; while the mail server is down nothing is lost.
 */
@QuarkusTest
@TestProfile(WritableRulesFolder.class)
class NotificationsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OWNER_ADDRESS = "sam@example.org";
    private static final String BOARD_ADDRESS = "bea@example.org";

    @Inject
    AuditTable tables;

    /** Set by a test that changes the rules: only then are they put back, and every use case decided again on them. */
    private boolean rulesChanged;

    @AfterEach
    void restore() throws InterruptedException {
        NotificationReceivers.restartSmtpIfStopped();
        if (rulesChanged) {
            WritableRulesFolder.restore();
            as(TestUsers.RULE_AUTHOR).post("/api/rules/reload").then().statusCode(200);
            tables.awaitProposalsFollowed();
        }
    }

    @Test
    void aReassessmentIsMailedToTheOwnerAndTheBoardAndPostedSignedToTheWebhook() throws Exception {
        String title = "Notified case " + System.nanoTime();
        String id = approved(title);
        addresses();

        raiseTheVolumeThreshold();

        List<MimeMessage> owner = mails(OWNER_ADDRESS, title, "under reassessment", 1);
        assertTrue(GreenMailUtil.getBody(owner.get(0)).contains("approach PROMPTING -> FINE_TUNING"), GreenMailUtil.getBody(owner.get(0)));
        assertTrue(GreenMailUtil.getBody(owner.get(0)).contains("/console/proposals/" + id));
        mails(BOARD_ADDRESS, title, "under reassessment", 1);

        WebhookDelivery hook = webhook(id, "REASSESSMENT");
        assertEquals("sha256=" + hmac(hook.body()), hook.signature(), "signed with the webhook's secret");
        JsonNode body = JSON.readTree(hook.body());
        assertEquals(hook.deliveryId(), body.get("id").asText(), "the delivery's id, for the receiver to drop a repeat");
        assertEquals("UNDER_REASSESSMENT", body.at("/useCase/state").asText());
        assertTrue(body.get("details").toString().contains("approach PROMPTING -> FINE_TUNING"), body.toString());

        as(TestUsers.ADMIN).get("/api/notifications?size=500").then().statusCode(200)
                .body("findAll { it.useCaseId == '" + id + "' && it.notice == 'REASSESSMENT' }.deliveredAt", everyItem(notNullValue()))
                .body("findAll { it.useCaseId == '" + id + "' && it.notice == 'REASSESSMENT' }.channel", hasItems("EMAIL", "WEBHOOK"));
        as(TestUsers.BOARD).get("/api/notifications").then().statusCode(403);
    }

    @Test
    void whileTheMailServerIsDownNoticesWaitAndEveryOneArrivesOnceItIsBack() throws Exception {
        String title = "Outage case " + System.nanoTime();
        String id = approved(title);
        addresses();
        NotificationReceivers.stopSmtp();

        raiseTheVolumeThreshold();
        Eventually.awaitTrue("the e-mails tried and refused", Duration.ofSeconds(60), () -> as(TestUsers.ADMIN)
                .get("/api/notifications?pending=true&size=500").then().extract().jsonPath()
                .getList("findAll { it.useCaseId == '" + id + "' && it.channel == 'EMAIL' && it.attempts > 0 && it.lastError != null }")
                .size() == 2);

        NotificationReceivers.restartSmtp();
        mails(OWNER_ADDRESS, title, "under reassessment", 1);
        mails(BOARD_ADDRESS, title, "under reassessment", 1);
        as(TestUsers.ADMIN).get("/api/notifications?pending=true&size=500").then().statusCode(200)
                .body("findAll { it.useCaseId == '" + id + "' }", empty());
    }

    @Test
    void aProhibitedUseCaseIsMailedToComplianceAndTheBoardsDecisionToTheOwner() throws Exception {
        addresses();
        as(TestUsers.COMPLIANCE).contentType(ContentType.JSON)
                .body("{\"email\": \"cora@example.org\", \"reassessments\": false, \"decisions\": false, \"prohibited\": true}")
                .put("/api/me/notifications").then().statusCode(200);
        String title = "Prohibited case " + System.nanoTime();
        String id = as(TestUsers.SUBMITTER).contentType(ContentType.JSON).body("{\"useCase\": "
                + UseCaseBodies.prohibited(title + "\\r\\nBcc: mallory@example.net")
                + ", \"owner\": \"head-of-people\", \"businessJustification\": \"Engagement.\"}").post("/api/proposals")
                .then().statusCode(201).body("latestEvaluation.verdict", equalTo("PROHIBITED")).extract().path("id");
        mails("cora@example.org", title, "PROHIBITED", 1);
        mails(OWNER_ADDRESS, title, "PROHIBITED", 1);

        as(TestUsers.BOARD).post("/api/proposals/" + id + "/review").then().statusCode(200);
        as(TestUsers.BOARD).contentType(ContentType.JSON).body("{\"decision\": \"REJECTED\", \"rationale\": \"Art. 5 prohibits it.\"}")
                .post("/api/proposals/" + id + "/decisions").then().statusCode(200);
        List<MimeMessage> decided = mails(OWNER_ADDRESS, title, "the board decided REJECTED", 1);
        assertEquals(0, List.of(NotificationReceivers.smtp().getReceivedMessages()).stream().filter(message -> {
            try {
                return List.of(message.getAllRecipients()).stream().anyMatch(to -> to.toString().contains("mallory"));
            } catch (MessagingException e) {
                return true;
            }
        }).count(), "a line break in the title adds no header");
        assertTrue(GreenMailUtil.getBody(decided.get(0)).contains("Art. 5 prohibits it."), GreenMailUtil.getBody(decided.get(0)));
        assertEquals(List.of(), about("cora@example.org", title, "the board decided"), "compliance chose not to take decisions");
    }

    /** Who chose the digest gets the day's notices in one e-mail at the digest hour, not one each as they come. */
    @Test
    void aDigestHoldsTheNoticesForTheDigestHourAndSendsThemInOneEmail() throws Exception {
        String address = "cora-digest@example.org";
        as(TestUsers.COMPLIANCE).contentType(ContentType.JSON)
                .body("{\"email\": \"" + address + "\", \"reassessments\": false, \"decisions\": false, \"prohibited\": true, \"digest\": true}")
                .put("/api/me/notifications").then().statusCode(200).body("digest", equalTo(true));
        try {
            List<String> titles = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                String title = "Digested case " + i + " " + System.nanoTime();
                titles.add(title);
                as(TestUsers.SUBMITTER).contentType(ContentType.JSON).body("{\"useCase\": " + UseCaseBodies.prohibited(title)
                        + ", \"owner\": \"head-of-people\", \"businessJustification\": \"Engagement.\"}").post("/api/proposals")
                        .then().statusCode(201);
            }
            List<Map<String, Object>> held = as(TestUsers.ADMIN).get("/api/notifications?pending=true&size=500").then().statusCode(200)
                    .extract().jsonPath().getList("findAll { it.recipient == '" + address + "' }");
            assertEquals(2, held.size(), held.toString());
            for (Map<String, Object> notice : held) {
                assertEquals(true, notice.get("digest"));
                assertTrue(Instant.parse((String) notice.get("nextAttemptAt")).isAfter(Instant.now()), "held for the digest hour: " + notice);
            }
            Thread.sleep(NotificationReceivers.POLL_INTERVAL.multipliedBy(2).toMillis());
            assertEquals(0, addressedTo(address).size(), "nothing is sent before the digest hour");

            tables.execute("update notification set next_attempt_at = now() where recipient = '" + address + "'");
            Eventually.awaitTrue("the digest to " + address, Duration.ofSeconds(60), () -> addressedTo(address).size() == 1);
            MimeMessage digest = addressedTo(address).get(0);
            assertEquals("[AI governance] Digest: 2 notices", digest.getSubject());
            String body = GreenMailUtil.getBody(digest);
            titles.forEach(title -> assertTrue(body.contains(title), body));
            Thread.sleep(NotificationReceivers.POLL_INTERVAL.multipliedBy(2).toMillis());
            assertEquals(1, addressedTo(address).size(), "one e-mail for both");
        } finally {
            as(TestUsers.COMPLIANCE).contentType(ContentType.JSON)
                    .body("{\"reassessments\": true, \"decisions\": true, \"prohibited\": true, \"digest\": false}")
                    .put("/api/me/notifications").then().statusCode(200);
        }
    }

    private static List<MimeMessage> addressedTo(String address) {
        return List.of(NotificationReceivers.smtp().getReceivedMessages()).stream().filter(message -> {
            try {
                return List.of(message.getAllRecipients()).stream().anyMatch(to -> to.toString().equals(address));
            } catch (MessagingException e) {
                return false;
            }
        }).toList();
    }

    @Test
    void eachUserSetsTheirOwnAddressAndChoicesAndABadOneIsNamed() {
        as(TestUsers.COMPLIANCE).contentType(ContentType.JSON)
                .body("{\"email\": \"not an address\", \"decisions\": true, \"prohibited\": true}")
                .put("/api/me/notifications").then().statusCode(400).contentType("application/problem+json")
                .body(containsString("email")).body(containsString("reassessments"));
        as(TestUsers.COMPLIANCE).contentType(ContentType.JSON)
                .body("{\"email\": \"cora@example.org\", \"reassessments\": false, \"decisions\": true, \"prohibited\": true}")
                .put("/api/me/notifications").then().statusCode(200).body("email", equalTo("cora@example.org"))
                .body("reassessments", equalTo(false));
        as(TestUsers.COMPLIANCE).get("/api/me/notifications").then().statusCode(200).body("email", equalTo("cora@example.org"));
        as(TestUsers.RULE_AUTHOR).get("/api/me/notifications").then().statusCode(200).body("email", nullValue())
                .body("reassessments", equalTo(true));
    }

    private static String approved(String title) {
        String id = as(TestUsers.SUBMITTER).contentType(ContentType.JSON).body("{\"useCase\": " + UseCaseBodies.tipping(title)
                + ", \"owner\": \"head-of-service\", \"businessJustification\": \"Answers in seconds.\"}").post("/api/proposals")
                .then().statusCode(201).extract().path("id");
        as(TestUsers.BOARD).post("/api/proposals/" + id + "/review").then().statusCode(200);
        as(TestUsers.BOARD).contentType(ContentType.JSON).body("{\"decision\": \"APPROVED\", \"rationale\": \"Fits the policy.\"}")
                .post("/api/proposals/" + id + "/decisions").then().statusCode(200);
        return id;
    }

    private static void addresses() {
        as(TestUsers.SUBMITTER).contentType(ContentType.JSON)
                .body("{\"email\": \"" + OWNER_ADDRESS + "\", \"reassessments\": true, \"decisions\": true, \"prohibited\": true, \"digest\": false}")
                .put("/api/me/notifications").then().statusCode(200);
        as(TestUsers.BOARD).contentType(ContentType.JSON)
                .body("{\"email\": \"" + BOARD_ADDRESS + "\", \"reassessments\": true, \"decisions\": true, \"prohibited\": true, \"digest\": false}")
                .put("/api/me/notifications").then().statusCode(200);
    }

    private void raiseTheVolumeThreshold() throws InterruptedException {
        rulesChanged = true;
        as(TestUsers.RULE_AUTHOR).contentType(ContentType.TEXT).body(WritableRulesFolder.read("thresholds.properties")
                .replace("volume.fineTuning.min = 50000", "volume.fineTuning.min = 40000"))
                .put("/api/rules/files/thresholds.properties").then().statusCode(200);
        tables.awaitProposalsFollowed();
    }

    /** Waits for the e-mails to one address about the use case whose subject says it, and returns them. */
    private static List<MimeMessage> mails(String address, String title, String subject, int count) throws InterruptedException {
        Eventually.awaitTrue(count + " e-mail(s) to " + address + " about " + title, Duration.ofSeconds(60),
                () -> about(address, title, subject).size() == count);
        return about(address, title, subject);
    }

    private static List<MimeMessage> about(String address, String title, String subject) {
        return List.of(NotificationReceivers.smtp().getReceivedMessages()).stream().filter(message -> {
            try {
                return List.of(message.getAllRecipients()).stream().anyMatch(to -> to.toString().equals(address))
                        && message.getSubject().contains(title) && message.getSubject().contains(subject);
            } catch (MessagingException e) {
                return false;
            }
        }).toList();
    }

    private static WebhookDelivery webhook(String id, String notice) throws InterruptedException {
        Eventually.awaitTrue("a " + notice + " delivery about " + id, Duration.ofSeconds(60),
                () -> NotificationReceivers.webhookDeliveries().stream().anyMatch(d -> d.body().contains(id) && d.body().contains(notice)));
        return NotificationReceivers.webhookDeliveries().stream().filter(d -> d.body().contains(id) && d.body().contains(notice))
                .findFirst().orElseThrow();
    }

    private static String hmac(String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(NotificationReceivers.WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
