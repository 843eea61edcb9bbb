package io.aigov.proposal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A proposed AI use case in the inventory, its current state and the evaluation the board looks at. */
@Entity
@Table(name = "proposal")
public class Proposal extends PanacheEntityBase {

    @Id
    public UUID id;
    public String title;
    public String owner;
    public String businessJustification;
    public String submittedBy;
    public Instant submittedAt;
    @Enumerated(EnumType.STRING)
    public ProposalState state;
    public UUID latestEvaluationId;
    /** 0 prohibited, 1 high exposure, 2 board review, 3 the rest. */
    public short riskRank;
    public boolean flagged;
    public String flagReason;
    /** Under reassessment: the state it had before, where an approval returns an in-production use case. */
    @Enumerated(EnumType.STRING)
    public ProposalState reassessedFrom;
    /** The audit record of the board's (or auto-approval's) decision. */
    public UUID decisionId;
    public Instant updatedAt;
    /** The day up to which its latest decision holds: the day it was made, or a later day a date check found it unchanged on. */
    public LocalDate decidedAsOf;
    /** What the rules will decide differently on each of their dates within the horizon, as of {@link #upcomingAsOf}. */
    @JdbcTypeCode(SqlTypes.JSON)
    public List<UpcomingChange> upcoming = List.of();
    public LocalDate upcomingAsOf;
    @Version
    public long version;
}
