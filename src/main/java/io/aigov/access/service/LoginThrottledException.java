package io.aigov.access.service;

import java.time.Duration;

/** Sign-in refused because of too many failures for the user or the address. */
public class LoginThrottledException extends SecurityException {

    private final Duration retryAfter;

    public LoginThrottledException(Duration retryAfter) {
        super("too many failed sign-ins");
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
