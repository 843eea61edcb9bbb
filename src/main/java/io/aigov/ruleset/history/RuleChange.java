package io.aigov.ruleset.history;

import java.time.Instant;
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

import io.aigov.decision.rulefile.RuleFile;
import io.aigov.ruleset.RulesetOrigin;
import io.aigov.ruleset.validation.CandidateReport;

/** A checked candidate ruleset waiting for a second person, or what became of it. */
@Entity
@Table(name = "rule_change")
public class RuleChange extends PanacheEntityBase {

    public enum Status {
        PENDING,
        ACTIVATED,
        REJECTED,
        /** Stale: its files left the rules folder, or the version it was based on no longer serves. The reason is the note. */
        SUPERSEDED
    }

    @Id
    public UUID id;
    public Instant proposedAt;
    /** Null for an edit saved in the rules folder. */
    public String proposedBy;
    @Enumerated(EnumType.STRING)
    public RulesetOrigin.Source source;
    public String origin;
    public String baseVersion;
    public String candidateVersion;
    @JdbcTypeCode(SqlTypes.JSON)
    public List<RuleFile> files;
    public String uploadedFile;
    /** The gate's report on the candidate. */
    @JdbcTypeCode(SqlTypes.JSON)
    public CandidateReport report;
    /** Its impact on recent decisions; null for a change kept before impacts were. */
    @JdbcTypeCode(SqlTypes.JSON)
    public ImpactSummary impact;
    @Enumerated(EnumType.STRING)
    public Status status;
    public String decidedBy;
    public Instant decidedAt;
    public String decisionNote;
    public boolean emergency;
    @Version
    public long version;
}
