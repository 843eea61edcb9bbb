package io.aigov.proposal;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One evaluation of a proposal, and why it was made. */
@Entity
@Immutable
@Table(name = "proposal_evaluation")
@IdClass(ProposalEvaluation.Key.class)
public class ProposalEvaluation extends PanacheEntityBase {

    public enum Reason {
        SUBMITTED,
        RULESET_CHANGED,
        /** A date the rules compare with arrived and changed what they decide. */
        DATE_REACHED
    }

    public record Key(UUID proposalId, UUID evaluationId) implements Serializable {
        public Key() {
            this(null, null);
        }
    }

    @Id
    public UUID proposalId;
    @Id
    public UUID evaluationId;
    public Instant at;
    @Enumerated(EnumType.STRING)
    public Reason reason;
}
