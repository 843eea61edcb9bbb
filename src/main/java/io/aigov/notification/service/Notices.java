package io.aigov.notification.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.aigov.notification.Notification;
import io.aigov.notification.NotificationSetting;
import io.aigov.notification.config.NotificationsConfig;
import io.aigov.shared.Roles;

/**
 * Queues the notices of the inventory: what happened to a use case, for its owner, the board or
 * compliance as each notice requires and as each of them chose, and for the webhook. A notice is
 * written in the transaction that caused it, so it is sent if and only if that transaction
 * commits; {@link Deliveries} sends it afterwards.
 */
@ApplicationScoped
public class Notices {

    /**
     * What happened to a use case.
     *
     * @param owner   the user who owns it (submitted it), or the control the notice is about; null: nobody in particular
     * @param summary one line, the e-mail's subject after the use case's title
     * @param details the lines that say what changed or was decided
     */
    public record UseCaseNotice(Notification.Notice notice, UUID useCaseId, String title, String state, String owner, String summary,
            List<String> details) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final NotificationsConfig config;
    private final Deliveries deliveries;
    private final TransactionSynchronizationRegistry transactions;

    public Notices(NotificationsConfig config, Deliveries deliveries, TransactionSynchronizationRegistry transactions) {
        this.config = config;
        this.deliveries = deliveries;
        this.transactions = transactions;
    }

    /** Queues the notice for everyone it concerns; must run inside the transaction that caused it. */
    public void queue(UseCaseNotice notice) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        int queued = 0;
        if (config.email().enabled()) {
            for (Map.Entry<String, Boolean> address : addresses(notice).entrySet()) {
                Notification email = notification(notice, Notification.Channel.EMAIL, address.getKey(), now);
                email.body = text(notice);
                if (address.getValue()) {
                    email.digest = true;
                    email.nextAttemptAt = nextDigest(now);
                }
                email.persist();
                queued++;
            }
        }
        if (config.webhook().url().isPresent()) {
            Notification hook = notification(notice, Notification.Channel.WEBHOOK, config.webhook().url().get(), now);
            hook.body = json(hook.id, notice, now);
            hook.persist();
            queued++;
        }
        if (queued > 0) {
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    if (status == Status.STATUS_COMMITTED) {
                        deliveries.wake();
                    }
                }
            });
        }
    }

    /**
     * The addresses of those the notice concerns who take it: the owner, and the board or compliance
     * as the notice says; each with whether it goes into the daily digest.
     */
    private static Map<String, Boolean> addresses(UseCaseNotice notice) {
        Map<String, Boolean> addresses = new LinkedHashMap<>();
        NotificationSetting owner = notice.owner() == null ? null : NotificationSetting.findById(notice.owner());
        if (owner != null && owner.email != null && owner.takes(notice.notice())) {
            addresses.put(owner.email, owner.digest);
        }
        String role = switch (notice.notice()) {
            case REASSESSMENT, UPCOMING -> Roles.BOARD;
            case PROHIBITED, CONTROL_OVERDUE, CONTROL_ATTESTED -> Roles.COMPLIANCE;
            case DECISION, CONTROL_DUE -> null;
        };
        if (role != null) {
            for (NotificationSetting setting : holdersOf(role)) {
                if (setting.takes(notice.notice())) {
                    addresses.putIfAbsent(setting.email, setting.digest);
                }
            }
        }
        return addresses;
    }

    /** The settings with an address of the accounts that hold the role. */
    @SuppressWarnings("unchecked")
    private static List<NotificationSetting> holdersOf(String role) {
        return NotificationSetting.getEntityManager().createNativeQuery("select s.* from notification_setting s"
                + " join app_user u on u.username = s.username where s.email is not null and u.roles @> cast(:role as jsonb)",
                NotificationSetting.class).setParameter("role", "[\"" + role + "\"]").getResultList();
    }

    /** The next time the digests go out, after the given instant. */
    private Instant nextDigest(Instant after) {
        Instant today = after.atZone(ZoneOffset.UTC).toLocalDate().atTime(config.digestAt()).toInstant(ZoneOffset.UTC);
        return today.isAfter(after) ? today : today.plus(1, ChronoUnit.DAYS);
    }

    private static Notification notification(UseCaseNotice notice, Notification.Channel channel, String recipient, Instant now) {
        Notification notification = new Notification();
        notification.id = UUID.randomUUID();
        notification.notice = notice.notice();
        notification.channel = channel;
        notification.recipient = recipient;
        notification.useCaseId = notice.useCaseId();
        // A header holds one line: a title with line breaks must not add headers of its own.
        String subject = ("[AI governance] " + notice.title() + ": " + notice.summary()).replaceAll("[\\r\\n\\t]+", " ");
        notification.subject = subject.length() > 300 ? subject.substring(0, 299) + "…" : subject;
        notification.createdAt = now;
        notification.nextAttemptAt = now;
        return notification;
    }

    private String text(UseCaseNotice notice) {
        StringBuilder text = new StringBuilder();
        text.append(notice.title()).append(": ").append(notice.summary()).append("\n\n");
        for (String detail : notice.details()) {
            text.append("- ").append(detail).append('\n');
        }
        text.append("\nState: ").append(notice.state()).append('\n');
        text.append("Open it: ").append(useCaseUrl(notice)).append('\n');
        return text.toString();
    }

    private String json(UUID id, UseCaseNotice notice, Instant at) {
        ObjectNode body = JSON.createObjectNode();
        body.put("id", id.toString());
        body.put("notice", notice.notice().name());
        body.put("at", at.toString());
        ObjectNode useCase = body.putObject("useCase");
        useCase.put("id", notice.useCaseId().toString());
        useCase.put("title", notice.title());
        useCase.put("state", notice.state());
        useCase.put("owner", notice.owner());
        useCase.put("url", useCaseUrl(notice));
        body.put("summary", notice.summary());
        notice.details().forEach(body.putArray("details")::add);
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings is written as JSON", e);
        }
    }

    private String useCaseUrl(UseCaseNotice notice) {
        return config.consoleUrl().replaceAll("/+$", "") + "/console/proposals/" + notice.useCaseId();
    }
}
