package io.aigov.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;

/**
 * Where the service under test sends its notices: a real SMTP server (GreenMail) in the test JVM,
 * which a test may stop and start again, and a webhook receiver that keeps every delivery with its
 * headers. Both run from the first use until the JVM ends, on ports of their own.
 */
public final class NotificationReceivers {

    /** A delivery as the webhook received it. */
    public record WebhookDelivery(String deliveryId, String signature, String body) {
    }

    public static final String WEBHOOK_SECRET = "webhook-secret-for-tests";
    /** How often the service looks at its outbox here. */
    public static final Duration POLL_INTERVAL = Duration.ofMillis(200);
    private static final int SMTP_PORT = SiemStandIn.freePort();
    private static final int WEBHOOK_PORT = SiemStandIn.freePort();
    private static final List<WebhookDelivery> DELIVERIES = new CopyOnWriteArrayList<>();
    private static GreenMail smtp = startSmtp();

    static {
        startWebhook();
    }

    private NotificationReceivers() {
    }

    /** What the service needs to send here: the mailer pointed at the SMTP server, and the webhook with its secret. */
    public static Map<String, String> configuration() {
        return Map.of("aigov.notifications.email.enabled", "true", "quarkus.mailer.mock", "false",
                "quarkus.mailer.host", "127.0.0.1", "quarkus.mailer.port", String.valueOf(SMTP_PORT),
                "quarkus.mailer.from", "aigov@example.org", "aigov.notifications.webhook.url", "http://127.0.0.1:" + WEBHOOK_PORT + "/hook",
                "aigov.notifications.webhook.secret", WEBHOOK_SECRET, "aigov.notifications.poll-interval", POLL_INTERVAL.toMillis() + "ms",
                "aigov.notifications.max-backoff", "1s");
    }

    public static synchronized GreenMail smtp() {
        return smtp;
    }

    /** The mail server goes away: connections to it are refused until {@link #restartSmtp()}. */
    public static synchronized void stopSmtp() {
        smtp.stop();
    }

    public static synchronized void restartSmtp() {
        smtp = startSmtp();
    }

    /** Puts the mail server back if a test stopped it and failed before it started it again. */
    public static synchronized void restartSmtpIfStopped() {
        if (!smtp.isRunning()) {
            restartSmtp();
        }
    }

    public static List<WebhookDelivery> webhookDeliveries() {
        return DELIVERIES;
    }

    private static GreenMail startSmtp() {
        GreenMail server = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        return server;
    }

    private static void startWebhook() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", WEBHOOK_PORT), 0);
            server.createContext("/hook", exchange -> {
                DELIVERIES.add(new WebhookDelivery(exchange.getRequestHeaders().getFirst("X-AIGov-Delivery"),
                        exchange.getRequestHeaders().getFirst("X-AIGov-Signature"),
                        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
