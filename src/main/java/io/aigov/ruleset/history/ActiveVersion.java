package io.aigov.ruleset.history;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

import io.aigov.decision.rulefile.RuleFile;
import io.aigov.ruleset.RulesetOrigin;

/** The version that serves on every instance, and the golden cases it was checked with. */
@Entity
@Table(name = "active_ruleset")
public class ActiveVersion extends PanacheEntityBase {

    static final short ONLY = 1;

    @Id
    public short id = ONLY;
    public String rulesetVersion;
    /** Null when unknown: the version was activated before the active version was recorded. */
    @JdbcTypeCode(SqlTypes.JSON)
    public List<RuleFile> goldenCases;
    public Instant activatedAt;
    public String activatedBy;
    @Enumerated(EnumType.STRING)
    public RulesetOrigin.Source source;
    public String origin;

    public RulesetOrigin origin() {
        return new RulesetOrigin(source, origin, activatedBy);
    }
}
