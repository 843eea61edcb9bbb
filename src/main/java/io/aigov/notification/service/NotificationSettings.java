package io.aigov.notification.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;

import io.aigov.notification.Notification;
import io.aigov.notification.NotificationSetting;

/** Users' choices of notices, and the outbox as administrators see it. */
@ApplicationScoped
public class NotificationSettings {

    /** A user's settings; a user who never chose has no address and takes every notice. */
    public NotificationSetting of(String username) {
        NotificationSetting setting = NotificationSetting.findById(username);
        if (setting == null) {
            setting = new NotificationSetting();
            setting.username = username;
        }
        return setting;
    }

    /** Saves a user's choices; a choice given as null stays as it was. */
    @Transactional
    public NotificationSetting save(String username, String email, boolean reassessments, boolean decisions, boolean prohibited, Boolean upcoming,
            Boolean controls, Boolean digest) {
        NotificationSetting setting = NotificationSetting.findById(username);
        if (setting == null) {
            setting = new NotificationSetting();
            setting.username = username;
        }
        setting.email = email;
        setting.reassessments = reassessments;
        setting.decisions = decisions;
        setting.prohibited = prohibited;
        if (upcoming != null) {
            setting.upcoming = upcoming;
        }
        if (controls != null) {
            setting.controls = controls;
        }
        if (digest != null) {
            setting.digest = digest;
        }
        setting.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        setting.persist();
        return setting;
    }

    /** The e-mail notices to an address, the newest first. */
    public List<Notification> sentTo(String email, int size) {
        return Notification.<Notification>find("channel = ?1 and recipient = ?2", Sort.descending("createdAt", "id"), Notification.Channel.EMAIL,
                email).page(Page.ofSize(size)).list();
    }

    public List<Notification> deliveries(boolean onlyPending, int size) {
        return (onlyPending ? Notification.<Notification>find("deliveredAt is null", Sort.descending("createdAt", "id"))
                : Notification.<Notification>findAll(Sort.descending("createdAt", "id"))).page(Page.ofSize(size)).list();
    }
}
