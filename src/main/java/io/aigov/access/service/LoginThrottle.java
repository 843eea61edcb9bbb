package io.aigov.access.service;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import io.aigov.access.config.AccessConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Counts failed sign-ins per user name and per client address, in PostgreSQL so that every instance
 * of the service counts the same attempts. After too many, further attempts are refused, even with
 * the right password, until the lockout has passed since the last failure. Times are the database's,
 * so instances with drifting clocks agree.
 */
@ApplicationScoped
public class LoginThrottle {

    private static final Logger LOG = Logger.getLogger(LoginThrottle.class);
    private static final String REMAINING = "select failures, extract(epoch from last_failed_at + make_interval(secs => ?1) - now())"
            + " from sign_in_failure where subject = ?2 and last_failed_at > now() - make_interval(secs => ?1)";
    /** A failure after the lockout has passed since the previous one starts the count again. */
    private static final String FAILED = "insert into sign_in_failure (subject, failures, last_failed_at) values (?2, 1, now())"
            + " on conflict (subject) do update set last_failed_at = now(), failures = case"
            + " when sign_in_failure.last_failed_at > now() - make_interval(secs => ?1) then sign_in_failure.failures + 1 else 1 end";
    private static final String FORGET_EXPIRED = "delete from sign_in_failure where last_failed_at < now() - make_interval(secs => ?1)";

    private final int maxFailures;
    private final int maxFailuresPerAddress;
    private final double lockoutSeconds;
    private final EntityManager entityManager;

    public LoginThrottle(AccessConfig config, EntityManager entityManager) {
        this.maxFailures = config.login().maxFailures();
        this.maxFailuresPerAddress = config.login().maxFailuresPerAddress();
        this.lockoutSeconds = config.login().lockout().toMillis() / 1000.0;
        this.entityManager = entityManager;
    }

    /** How much longer sign-ins for this user or from this address are refused, if they are. */
    public Optional<Duration> refusedFor(String username, String address) {
        return QuarkusTransaction.requiringNew().call(
                () -> remaining(userKey(username), maxFailures).or(() -> remaining(addressKey(address), maxFailuresPerAddress)));
    }

    public void failed(String username, String address) {
        QuarkusTransaction.requiringNew().run(() -> {
            for (String subject : List.of(userKey(username), addressKey(address))) {
                entityManager.createNativeQuery(FAILED).setParameter(1, lockoutSeconds).setParameter(2, subject).executeUpdate();
            }
        });
        try {
            QuarkusTransaction.requiringNew().run(
                    () -> entityManager.createNativeQuery(FORGET_EXPIRED).setParameter(1, lockoutSeconds).executeUpdate());
        } catch (RuntimeException e) {
            // Housekeeping only: expired counts are ignored anyway, and the next failure tries again.
            LOG.debugf(e, "Forgetting expired sign-in failures failed");
        }
    }

    public void succeeded(String username) {
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("delete from sign_in_failure where subject = ?1")
                .setParameter(1, userKey(username)).executeUpdate());
    }

    private Optional<Duration> remaining(String subject, int limit) {
        List<?> rows = entityManager.createNativeQuery(REMAINING, Object[].class).setParameter(1, lockoutSeconds)
                .setParameter(2, subject).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = (Object[]) rows.get(0);
        if (((Number) row[0]).intValue() < limit) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis(Math.max(0, Math.round(((Number) row[1]).doubleValue() * 1000))));
    }

    /** Names and addresses as clients send them, so without control characters (which PostgreSQL's text may not hold) and capped. */
    private static String userKey(String username) {
        return "user:" + PasswordIdentityProvider.printable(username);
    }

    private static String addressKey(String address) {
        return "address:" + PasswordIdentityProvider.printable(address);
    }
}
