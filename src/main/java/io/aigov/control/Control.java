package io.aigov.control;

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

import io.aigov.decision.model.Declarations.EvidenceKind;

/** What a use case does to meet one obligation of its decision: who owns it, when it is due, what shows it is met. */
@Entity
@Table(name = "control")
public class Control extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID useCaseId;
    public String obligationId;
    public String regime;
    public String title;
    public String citation;
    /** What may show it is met, as the pack declared it when the control was opened. */
    @JdbcTypeCode(SqlTypes.JSON)
    public List<EvidenceKind> evidenceKinds = List.of();
    public Integer recurrenceMonths;
    public LocalDate appliesFrom;
    /** The account that shows evidence and attests. */
    public String owner;
    public LocalDate dueOn;
    @Enumerated(EnumType.STRING)
    public ControlStatus status;
    public int cycle = 1;
    public String notApplicableReason;
    /** The text the owner signed, "I attest that ...". */
    public String attestation;
    public String attestedBy;
    public Instant attestedAt;
    public String reviewedBy;
    public Instant reviewedAt;
    public String reviewNote;
    public LocalDate remindedFor;
    public Instant openedAt;
    public UUID openedByEvaluation;
    public Instant closedAt;
    public String closedReason;
    public Instant updatedAt;
    @Version
    public long version;
}
