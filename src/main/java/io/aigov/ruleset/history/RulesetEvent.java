package io.aigov.ruleset.history;

import java.time.Instant;
import java.util.Map;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.aigov.ruleset.RulesetOrigin;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** Something that happened to the rules: a candidate activated or rejected, or a file uploaded. */
@Entity
@Immutable
@Table(name = "ruleset_event")
public class RulesetEvent extends PanacheEntityBase {

    public enum Kind {
        ACTIVATED,
        REJECTED,
        UPLOADED,
        CHANGE_PROPOSED,
        CHANGE_APPROVED,
        CHANGE_REJECTED,
        CHANGE_SUPERSEDED,
        EMERGENCY_ACTIVATION
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public Instant occurredAt;
    @Enumerated(EnumType.STRING)
    public Kind kind;
    public String rulesetVersion;
    public String actor;
    @Enumerated(EnumType.STRING)
    public RulesetOrigin.Source source;
    public String origin;
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> details;
}
