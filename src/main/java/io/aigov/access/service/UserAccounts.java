package io.aigov.access.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import org.hibernate.exception.ConstraintViolationException;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;

import io.aigov.access.UserAccount;
import io.aigov.access.UserEvent;
import io.aigov.access.config.AccessConfig;
import io.aigov.audit.AuditEvent;
import io.aigov.audit.AuditKind;
import io.aigov.audit.AuditLog;
import io.aigov.audit.AuditRecord;
import io.aigov.shared.ControlCharacters;
import io.aigov.shared.Roles;

/**
 * The accounts that may sign in. Passwords are kept only as bcrypt hashes; every change is
 * recorded as a {@link UserEvent} with who made it, and in the audit chain, in its transaction.
 */
@ApplicationScoped
public class UserAccounts {

    /**
     * Checked passwords, so a signed-in client does not pay for bcrypt on every request; keyed by user
     * name, with the account's last change, which every request compares with the database: an
     * account changed or removed through any instance of the service is checked again at once.
     */
    private record Verified(byte[] digest, Set<String> roles, Instant accountUpdatedAt) {
    }

    private static final int MIN_HASH_COST = 4;
    private static final int MAX_HASH_COST = 31;

    private final Cache<String, Verified> verified;
    /** Mixed into remembered digests so they are useless outside this process. */
    private final byte[] pepper = new byte[32];
    private final AuditLog auditLog;
    private final int passwordHashCost;

    public UserAccounts(AccessConfig config, AuditLog auditLog) {
        this.auditLog = auditLog;
        this.passwordHashCost = config.passwordHashCost();
        if (passwordHashCost < MIN_HASH_COST || passwordHashCost > MAX_HASH_COST) {
            throw new IllegalArgumentException("aigov.access.password-hash-cost is " + passwordHashCost + "; bcrypt's cost goes from "
                    + MIN_HASH_COST + " to " + MAX_HASH_COST);
        }
        this.verified = Caffeine.newBuilder().expireAfterWrite(config.login().verifiedFor()).maximumSize(10_000).build();
        new SecureRandom().nextBytes(pepper);
    }

    /**
     * The roles of the user when the password is theirs; empty for an unknown user or a wrong password.
     *
     * @param accountChangedAt the account's last change as the database says now: a remembered password
     *                         holds only for the account as it was when it was checked
     */
    public Optional<Set<String>> verify(String username, char[] password, Optional<Instant> accountChangedAt) {
        if (!possibleName(username)) {
            return Optional.empty();
        }
        byte[] digest = digest(password);
        Verified known = verified.getIfPresent(username);
        if (known != null && MessageDigest.isEqual(known.digest(), digest)
                && accountChangedAt.filter(known.accountUpdatedAt()::equals).isPresent()) {
            return Optional.of(known.roles());
        }
        UserAccount account = QuarkusTransaction.requiringNew().call(() -> UserAccount.findById(username));
        if (account == null || !BcryptUtil.matches(new String(password), account.passwordHash)) {
            return Optional.empty();
        }
        Set<String> roles = Set.copyOf(account.roles);
        verified.put(username, new Verified(digest, roles, account.updatedAt));
        return Optional.of(roles);
    }

    /** The roles the account holds now, read from the database; empty when there is no such account. */
    public Optional<Set<String>> rolesOf(String username) {
        if (!possibleName(username)) {
            return Optional.empty();
        }
        return QuarkusTransaction.requiringNew().call(() -> UserAccount.<UserAccount>findByIdOptional(username)
                .map(account -> Set.copyOf(account.roles)));
    }

    public List<UserAccount> list() {
        return UserAccount.listAll(Sort.ascending("username"));
    }

    public Optional<UserAccount> find(String username) {
        return possibleName(username) ? UserAccount.findByIdOptional(username) : Optional.empty();
    }

    public List<UserEvent> events() {
        return UserEvent.listAll(Sort.descending("at"));
    }

    public boolean anyAdmin() {
        return !administrators().isEmpty();
    }

    @Transactional
    public UserAccount create(String username, String password, List<String> roles, String actor) {
        if (UserAccount.findById(username) != null) {
            throw exists(username);
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        UserAccount account = new UserAccount();
        account.username = username;
        account.passwordHash = BcryptUtil.bcryptHash(password, passwordHashCost);
        account.roles = List.copyOf(roles);
        account.createdAt = now;
        account.createdBy = actor;
        account.updatedAt = now;
        try {
            account.persistAndFlush();
        } catch (PersistenceException e) {
            if (!isUniqueViolation(e)) {
                throw e;
            }
            // Created by a request that ran alongside this one, after the look-up above.
            throw exists(username);
        }
        record(actor, username, UserEvent.Action.CREATED, account.roles);
        return account;
    }

    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConstraintViolationException violation
                    && violation.getKind() == ConstraintViolationException.ConstraintKind.UNIQUE) {
                return true;
            }
        }
        return false;
    }

    private static AccountConflictException exists(String username) {
        return new AccountConflictException("A user named " + username + " exists already");
    }

    @Transactional
    public UserAccount changeRoles(String username, List<String> roles, String actor) {
        UserAccount account = existing(username);
        if (account.roles.contains(Roles.ADMIN) && !roles.contains(Roles.ADMIN)) {
            refuseRemovingLastAdmin(username);
        }
        account.roles = List.copyOf(roles);
        account.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        verified.invalidate(username);
        record(actor, username, UserEvent.Action.ROLES_CHANGED, account.roles);
        return account;
    }

    @Transactional
    public void changePassword(String username, String password, String actor) {
        UserAccount account = existing(username);
        account.passwordHash = BcryptUtil.bcryptHash(password, passwordHashCost);
        account.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        verified.invalidate(username);
        record(actor, username, UserEvent.Action.PASSWORD_CHANGED, null);
    }

    @Transactional
    public void remove(String username, String actor) {
        UserAccount account = existing(username);
        if (username.equals(actor)) {
            throw new AccountConflictException("You cannot remove your own account");
        }
        if (account.roles.contains(Roles.ADMIN)) {
            refuseRemovingLastAdmin(username);
        }
        account.delete();
        verified.invalidate(username);
        record(actor, username, UserEvent.Action.REMOVED, null);
    }

    private static List<String> administrators() {
        return UserAccount.<UserAccount>listAll().stream().filter(account -> account.roles.contains(Roles.ADMIN))
                .map(account -> account.username).toList();
    }

    private void refuseRemovingLastAdmin(String username) {
        if (administrators().stream().allMatch(username::equals)) {
            throw new AccountConflictException(username + " is the last administrator; make someone else admin first");
        }
    }

    /** Names with control characters are refused when accounts are created, and PostgreSQL cannot even compare one holding NUL. */
    static boolean possibleName(String username) {
        return ControlCharacters.firstIn(username).isEmpty();
    }

    private static UserAccount existing(String username) {
        return (possibleName(username) ? UserAccount.<UserAccount>findByIdOptional(username) : Optional.<UserAccount>empty())
                .orElseThrow(() -> new NoSuchAccountException(username));
    }

    private void record(String actor, String username, UserEvent.Action action, List<String> roles) {
        UserEvent event = new UserEvent();
        event.id = UUID.randomUUID();
        event.at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        event.actor = actor;
        event.username = username;
        event.action = action;
        event.roles = roles;
        event.persist();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("username", username);
        details.put("roles", roles);
        auditLog.appendInTransaction(AuditRecord.ofEvent(AuditKind.USER_EVENT, event.at, actor, new AuditEvent(action.name(), details)));
    }

    private byte[] digest(char[] password) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(pepper);
            sha256.update(new String(password).getBytes(StandardCharsets.UTF_8));
            return sha256.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
