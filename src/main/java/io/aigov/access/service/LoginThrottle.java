package io.aigov.access.service;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import javax.sql.DataSource;

import org.jboss.logging.Logger;

import io.aigov.access.config.AccessConfig;

/**
 * Counts failed sign-ins per user name and per client address, in PostgreSQL so that every instance
 * of the service counts the same attempts. After too many, further attempts are refused, even with
 * the right password, until the lockout has passed since the last failure. Times are the database's,
 * so instances with drifting clocks agree.
 *
 * <p>Every signed-in request asks, so the check is one statement on a pooled connection, outside any
 * transaction; failures are rare and written the same way.
 */
@ApplicationScoped
public class LoginThrottle {

    private static final Logger LOG = Logger.getLogger(LoginThrottle.class);

    /**
     * The counts for the user name and the address, and the account's last change (which decides whether a
     * remembered password still holds): one statement, so a signed-in request costs one round trip.
     */
    private static final String CURRENT = "select (select updated_at from app_user where username = ?),"
            + " u.failures, extract(epoch from u.last_failed_at + make_interval(secs => ?) - now()),"
            + " a.failures, extract(epoch from a.last_failed_at + make_interval(secs => ?) - now())"
            + " from (select 1) attempt"
            + " left join sign_in_failure u on u.subject = ? and u.last_failed_at > now() - make_interval(secs => ?)"
            + " left join sign_in_failure a on a.subject = ? and a.last_failed_at > now() - make_interval(secs => ?)";
    /** A failure after the lockout has passed since the previous one starts the count again. */
    private static final String FAILED = "insert into sign_in_failure (subject, failures, last_failed_at) values (?, 1, now())"
            + " on conflict (subject) do update set last_failed_at = now(), failures = case"
            + " when sign_in_failure.last_failed_at > now() - make_interval(secs => ?) then sign_in_failure.failures + 1 else 1 end";
    private static final String FORGET_EXPIRED = "delete from sign_in_failure where last_failed_at < now() - make_interval(secs => ?)";
    private static final String FORGET = "delete from sign_in_failure where subject = ?";

    private final int maxFailures;
    private final int maxFailuresPerAddress;
    private final double lockoutSeconds;
    private final DataSource dataSource;

    /**
     * What the database says about one attempt.
     *
     * @param refusedFor       how much longer sign-ins for this user or from this address are refused, if they are
     * @param userHasFailures  whether failures of this user name are counted, to be forgotten when it signs in
     * @param accountChangedAt when the account last changed; empty when there is no such account
     */
    public record Standing(Optional<Duration> refusedFor, boolean userHasFailures, Optional<Instant> accountChangedAt) {
    }

    public LoginThrottle(AccessConfig config, DataSource dataSource) {
        this.maxFailures = config.login().maxFailures();
        this.maxFailuresPerAddress = config.login().maxFailuresPerAddress();
        this.lockoutSeconds = config.login().lockout().toMillis() / 1000.0;
        this.dataSource = dataSource;
    }

    public Standing standing(String username, String address) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement current = connection.prepareStatement(CURRENT)) {
            // PostgreSQL cannot even compare a name holding NUL; such a name has no account.
            current.setString(1, UserAccounts.possibleName(username) ? username : null);
            current.setDouble(2, lockoutSeconds);
            current.setDouble(3, lockoutSeconds);
            current.setString(4, userKey(username));
            current.setDouble(5, lockoutSeconds);
            current.setString(6, addressKey(address));
            current.setDouble(7, lockoutSeconds);
            try (ResultSet row = current.executeQuery()) {
                row.next();
                OffsetDateTime accountChangedAt = row.getObject(1, OffsetDateTime.class);
                Optional<Duration> user = refusal(row, 2, maxFailures);
                Optional<Duration> byAddress = refusal(row, 4, maxFailuresPerAddress);
                Optional<Duration> refusedFor = user.isPresent() && byAddress.isPresent()
                        ? Optional.of(user.get().compareTo(byAddress.get()) > 0 ? user.get() : byAddress.get())
                        : user.or(() -> byAddress);
                return new Standing(refusedFor, row.getObject(2) != null,
                        Optional.ofNullable(accountChangedAt).map(OffsetDateTime::toInstant));
            }
        } catch (SQLException e) {
            throw new SignInUnavailableException(e);
        }
    }

    /** The time left when the count in this column has reached the limit. */
    private static Optional<Duration> refusal(ResultSet row, int column, int limit) throws SQLException {
        int failures = row.getInt(column);
        if (row.wasNull() || failures < limit) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis(Math.max(0, Math.round(row.getDouble(column + 1) * 1000))));
    }

    public void failed(String username, String address) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement failed = connection.prepareStatement(FAILED)) {
            for (String subject : new String[] { userKey(username), addressKey(address) }) {
                failed.setString(1, subject);
                failed.setDouble(2, lockoutSeconds);
                failed.executeUpdate();
            }
        } catch (SQLException e) {
            throw new SignInUnavailableException(e);
        }
        try (Connection connection = dataSource.getConnection(); PreparedStatement forget = connection.prepareStatement(FORGET_EXPIRED)) {
            forget.setDouble(1, lockoutSeconds);
            forget.executeUpdate();
        } catch (SQLException e) {
            // Housekeeping only: expired counts are ignored anyway, and the next failure tries again.
            LOG.debugf(e, "Forgetting expired sign-in failures failed");
        }
    }

    public void succeeded(String username) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement forget = connection.prepareStatement(FORGET)) {
            forget.setString(1, userKey(username));
            forget.executeUpdate();
        } catch (SQLException e) {
            throw new SignInUnavailableException(e);
        }
    }

    /** Names and addresses as clients send them, so without control characters (which PostgreSQL's text may not hold) and capped. */
    private static String userKey(String username) {
        return "user:" + PasswordIdentityProvider.printable(username);
    }

    private static String addressKey(String address) {
        return "address:" + PasswordIdentityProvider.printable(address);
    }
}
