package io.aigov.notification.config;

import java.time.Duration;
import java.time.LocalTime;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Who is told of reassessments, decisions and prohibited outcomes, and how (docs/notifications.md). */
@ConfigMapping(prefix = "aigov.notifications")
public interface NotificationsConfig {

    /** E-mail through the SMTP server of {@code quarkus.mailer.*}; off, no e-mail is queued. */
    Email email();

    /** A webhook that receives every notice as signed JSON; none unless a URL is set. */
    Webhook webhook();

    /** Where the console is reached, for the links in notices. */
    @WithDefault("http://localhost:8080")
    String consoleUrl();

    /** How often the outbox is looked at for deliveries due, besides right after a notice is queued. */
    @WithDefault("5s")
    Duration pollInterval();

    /** The longest wait between two attempts at one delivery: the wait doubles from 2 s up to it. */
    @WithDefault("10m")
    Duration maxBackoff();

    /** When, in UTC, the daily digest of those who chose it goes out: every e-mail notice of the day before, in one e-mail. */
    @WithDefault("07:00")
    LocalTime digestAt();

    interface Email {
        @WithDefault("false")
        boolean enabled();
    }

    interface Webhook {
        Optional<String> url();

        /** The key of the HMAC-SHA256 signature each delivery carries; required with a URL. */
        Optional<String> secret();
    }
}
