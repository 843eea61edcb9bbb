package io.aigov.access;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** Someone who may sign in. Only the bcrypt hash of the password is kept. */
@Entity
@Table(name = "app_user")
public class UserAccount extends PanacheEntityBase {

    @Id
    public String username;
    public String passwordHash;
    @JdbcTypeCode(SqlTypes.JSON)
    public List<String> roles;
    public Instant createdAt;
    public String createdBy;
    public Instant updatedAt;
}
