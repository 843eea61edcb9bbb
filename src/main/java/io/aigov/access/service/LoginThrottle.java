package io.aigov.access.service;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.aigov.access.config.AccessConfig;

/**
 * Counts failed sign-ins per user name and per client address. After too many, further attempts
 * are refused, even with the right password, until the lockout has passed since the last failure.
 */
@ApplicationScoped
public class LoginThrottle {

    private final int maxFailures;
    private final int maxFailuresPerAddress;
    private final Duration lockout;
    private final Cache<String, Integer> failures;

    public LoginThrottle(AccessConfig config) {
        this.maxFailures = config.login().maxFailures();
        this.maxFailuresPerAddress = config.login().maxFailuresPerAddress();
        this.lockout = config.login().lockout();
        this.failures = Caffeine.newBuilder().expireAfterWrite(lockout).maximumSize(100_000).build();
    }

    /** How much longer sign-ins for this user or from this address are refused, if they are. */
    public Optional<Duration> refusedFor(String username, String address) {
        return remaining(userKey(username), maxFailures).or(() -> remaining(addressKey(address), maxFailuresPerAddress));
    }

    public void failed(String username, String address) {
        failures.asMap().merge(userKey(username), 1, Integer::sum);
        failures.asMap().merge(addressKey(address), 1, Integer::sum);
    }

    public void succeeded(String username) {
        failures.invalidate(userKey(username));
    }

    private Optional<Duration> remaining(String key, int limit) {
        Integer count = failures.getIfPresent(key);
        if (count == null || count < limit) {
            return Optional.empty();
        }
        Duration age = failures.policy().expireAfterWrite().flatMap(expiry -> expiry.ageOf(key)).orElse(Duration.ZERO);
        return Optional.of(lockout.minus(age));
    }

    private static String userKey(String username) {
        return "user:" + username;
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }
}
