package io.aigov.notification;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A user's address for notices and which notices they take. */
@Entity
@Table(name = "notification_setting")
public class NotificationSetting extends PanacheEntityBase {

    @Id
    public String username;
    /** No address, no e-mail. */
    public String email;
    public boolean reassessments = true;
    public boolean decisions = true;
    public boolean prohibited = true;
    public boolean upcoming = true;
    /** Notices of controls: due, overdue, attested for review. */
    public boolean controls = true;
    /** One e-mail a day with every notice since the last, instead of one e-mail per notice; the webhook is not held back. */
    public boolean digest;
    public Instant updatedAt;

    public boolean takes(Notification.Notice notice) {
        return switch (notice) {
            case REASSESSMENT -> reassessments;
            case DECISION -> decisions;
            case PROHIBITED -> prohibited;
            case UPCOMING -> upcoming;
            case CONTROL_DUE, CONTROL_OVERDUE, CONTROL_ATTESTED -> controls;
        };
    }
}
