package io.aigov.notification.service;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import io.aigov.notification.Notification;
import io.aigov.notification.config.NotificationsConfig;
import io.aigov.shared.PollingWorker;

/**
 * Delivers the outbox: each notice due is sent by e-mail or to the webhook, and one that fails is
 * tried again later, the wait doubling from 2 s up to {@code max-backoff}, until it is delivered.
 * Replicas share the outbox: each delivery is held while it is sent, and the others pass it by.
 */
@ApplicationScoped
public class Deliveries {

    private static final Logger LOG = Logger.getLogger(Deliveries.class);
    /** Deliveries sent in one transaction: their rows stay held while they are sent. */
    private static final int BATCH = 20;
    /** Digest notices read at once: a recipient with more gets the rest in another e-mail. */
    private static final int DIGEST_BATCH = 500;
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(2);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);
    /** The header that carries the HMAC-SHA256 of the body, as "sha256=" and its hex. */
    public static final String SIGNATURE_HEADER = "X-AIGov-Signature";
    /** The header that carries the delivery's id, the same on every attempt. */
    public static final String DELIVERY_HEADER = "X-AIGov-Delivery";

    private final NotificationsConfig config;
    private final Mailer mailer;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(SEND_TIMEOUT).build();
    private final PollingWorker worker = new PollingWorker("notifications", this::deliverDue);

    public Deliveries(NotificationsConfig config, Mailer mailer) {
        this.config = config;
        this.mailer = mailer;
    }

    void start(@Observes StartupEvent started) {
        if (config.webhook().url().isPresent() && config.webhook().secret().filter(secret -> !secret.isBlank()).isEmpty()) {
            throw new IllegalStateException("aigov.notifications.webhook.url is set without aigov.notifications.webhook.secret:"
                    + " every delivery is signed, so the receiver can tell it came from this service");
        }
        worker.start(config.pollInterval());
    }

    /** Before the database goes: a delivery cut short stays in the outbox for the next start. */
    void stop(@Observes ShutdownEvent stopping) {
        worker.stop();
    }

    /** Asks for the deliveries due to be sent now rather than at the next poll. */
    void wake() {
        // Stopping, it runs nothing: the outbox keeps them for the next start.
        worker.wake();
    }

    private void deliverDue() {
        try {
            while (QuarkusTransaction.requiringNew().call(this::deliverBatch) == BATCH) {
                // A full batch: more may be due.
            }
            while (QuarkusTransaction.requiringNew().call(this::deliverDigests) == DIGEST_BATCH) {
                // More digests may be due.
            }
        } catch (RuntimeException e) {
            LOG.warnf("Delivering notifications failed; trying again within %s: %s", config.pollInterval(), e.toString());
        }
    }

    /** Sends up to a batch of the deliveries due that no other replica holds; returns how many it looked at. */
    @SuppressWarnings("unchecked")
    private int deliverBatch() {
        List<Notification> due = Notification.getEntityManager().createNativeQuery("select * from notification"
                + " where delivered_at is null and not digest and next_attempt_at <= now() order by next_attempt_at limit " + BATCH
                + " for update skip locked", Notification.class).getResultList();
        for (Notification notification : due) {
            attempt(List.of(notification), () -> send(notification));
        }
        return due.size();
    }

    /**
     * Sends the digests due that no other replica holds: each recipient's notices in one e-mail,
     * the oldest first; returns how many notices it looked at.
     */
    @SuppressWarnings("unchecked")
    private int deliverDigests() {
        List<Notification> due = Notification.getEntityManager().createNativeQuery("select * from notification"
                + " where delivered_at is null and digest and next_attempt_at <= now() order by recipient, created_at, id limit " + DIGEST_BATCH
                + " for update skip locked", Notification.class).getResultList();
        Map<String, List<Notification>> byRecipient = new LinkedHashMap<>();
        due.forEach(notification -> byRecipient.computeIfAbsent(notification.recipient, recipient -> new ArrayList<>()).add(notification));
        byRecipient.forEach((recipient, notices) -> attempt(notices, () -> mailer.send(Mail.withText(recipient, digestSubject(notices),
                digestText(notices)))));
        return due.size();
    }

    private static String digestSubject(List<Notification> notices) {
        return "[AI governance] Digest: " + notices.size() + (notices.size() == 1 ? " notice" : " notices");
    }

    private static String digestText(List<Notification> notices) {
        StringBuilder text = new StringBuilder();
        for (Notification notice : notices) {
            text.append("== ").append(notice.subject).append(" (").append(notice.createdAt).append(")\n\n").append(notice.body).append('\n');
        }
        return text.toString();
    }

    @FunctionalInterface
    private interface Sending {
        void send() throws Exception;
    }

    /** One attempt at delivering the notices (one, or a digest's): all delivered, or all tried again after the back-off. */
    private void attempt(List<Notification> notifications, Sending sending) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String error = null;
        try {
            sending.send();
        } catch (Exception e) {
            String message = e.getClass().getSimpleName() + ": " + e.getMessage();
            error = message.length() > 1000 ? message.substring(0, 1000) : message;
        }
        for (Notification notification : notifications) {
            notification.attempts++;
            if (error == null) {
                notification.deliveredAt = now;
                notification.lastError = null;
            } else {
                notification.nextAttemptAt = now.plus(backoff(notification.attempts));
                notification.lastError = error;
                LOG.debugf("Delivery %s to %s failed (attempt %d), next at %s: %s", notification.id, notification.channel,
                        notification.attempts, notification.nextAttemptAt, error);
            }
        }
    }

    private Duration backoff(int attempts) {
        Duration wait = FIRST_BACKOFF.multipliedBy(1L << Math.min(attempts - 1, 20));
        return wait.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : wait;
    }

    private void send(Notification notification) throws Exception {
        switch (notification.channel) {
            case EMAIL -> mailer.send(Mail.withText(notification.recipient, notification.subject, notification.body));
            case WEBHOOK -> {
                HttpRequest request = HttpRequest.newBuilder(URI.create(notification.recipient)).timeout(SEND_TIMEOUT)
                        .header("Content-Type", "application/json")
                        .header(DELIVERY_HEADER, notification.id.toString())
                        .header(SIGNATURE_HEADER, "sha256=" + signature(notification.body))
                        .POST(HttpRequest.BodyPublishers.ofString(notification.body, StandardCharsets.UTF_8)).build();
                HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() / 100 != 2) {
                    throw new IllegalStateException("the webhook answered " + response.statusCode());
                }
            }
        }
    }

    /** The HMAC-SHA256 of the body under the webhook's secret, in hex. */
    public String signature(String body) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(config.webhook().secret().orElseThrow().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
