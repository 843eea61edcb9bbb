package io.aigov.ruleset.history;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

import io.aigov.decision.rulefile.RuleFile;
import io.aigov.ruleset.RulesetOrigin;

/** A ruleset that has been active, with every file it was made of. */
@Entity
@Immutable
@Table(name = "ruleset_version")
public class StoredRulesetVersion extends PanacheEntityBase {

    @Id
    public String id;
    @JdbcTypeCode(SqlTypes.JSON)
    public List<RuleFile> files;
    public Instant firstActivatedAt;
    public String activatedBy;
    @Enumerated(EnumType.STRING)
    public RulesetOrigin.Source source;
    public String origin;
}
