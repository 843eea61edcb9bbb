package io.aigov.notification;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One notice to one recipient, kept until it is delivered: the outbox. */
@Entity
@Table(name = "notification")
public class Notification extends PanacheEntityBase {

    /** What a notice is about; each user chooses which they take. */
    public enum Notice {
        /** A use case in use was decided differently by a new ruleset version and waits for the board. */
        REASSESSMENT,
        /** The board decided a proposal or a reassessment. */
        DECISION,
        /** A use case was evaluated PROHIBITED, at submission, on a new ruleset version or from a date of the rules. */
        PROHIBITED,
        /** A use case in use will be decided differently from a date within the horizon. */
        UPCOMING,
        /** A control's due date is near, or a recurring control is due again: for its owner. */
        CONTROL_DUE,
        /** A control's due date passed before it was attested: for its owner and compliance. */
        CONTROL_OVERDUE,
        /** A control was attested and waits for review: for compliance. */
        CONTROL_ATTESTED
    }

    public enum Channel {
        EMAIL, WEBHOOK
    }

    /** Also the delivery's id, the same on every attempt: a receiver drops a repeat by it. */
    @Id
    public UUID id;
    @Enumerated(EnumType.STRING)
    public Notice notice;
    @Enumerated(EnumType.STRING)
    public Channel channel;
    /** An e-mail address or the webhook's URL. */
    public String recipient;
    public UUID useCaseId;
    public String subject;
    /** The e-mail's text, or the webhook's JSON. */
    public String body;
    public Instant createdAt;
    public int attempts;
    public Instant nextAttemptAt;
    public Instant deliveredAt;
    public String lastError;
    /** Sent with the recipient's other notices in one e-mail a day, at {@link #nextAttemptAt}. */
    public boolean digest;
}
