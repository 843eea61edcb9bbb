package io.aigov.access;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One change to an account, kept for good: who did what to whom, and the roles it left. */
@Entity
@Immutable
@Table(name = "user_event")
public class UserEvent extends PanacheEntityBase {

    public enum Action {
        CREATED,
        ROLES_CHANGED,
        PASSWORD_CHANGED,
        REMOVED
    }

    @Id
    public UUID id;
    public Instant at;
    public String actor;
    public String username;
    @Enumerated(EnumType.STRING)
    public Action action;
    @JdbcTypeCode(SqlTypes.JSON)
    public List<String> roles;
}
