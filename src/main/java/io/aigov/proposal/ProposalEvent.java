package io.aigov.proposal;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A change of a proposal's state (or its flag), with who made it. Kept for good. */
@Entity
@Immutable
@Table(name = "proposal_event")
public class ProposalEvent extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID proposalId;
    public Instant at;
    public String actor;
    @Enumerated(EnumType.STRING)
    public ProposalState fromState;
    @Enumerated(EnumType.STRING)
    public ProposalState toState;
    public String note;
}
