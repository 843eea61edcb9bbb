package io.aigov.access.service;

/** A sign-in could not be checked because the accounts (or the failed sign-in counts) could not be read. */
public class SignInUnavailableException extends RuntimeException {

    public SignInUnavailableException(Throwable cause) {
        super("the accounts cannot be read", cause);
    }
}
