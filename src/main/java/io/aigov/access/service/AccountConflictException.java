package io.aigov.access.service;

/** A change to accounts that cannot be made as asked: the name is taken, or the change would lock people out. */
public class AccountConflictException extends RuntimeException {

    public AccountConflictException(String message) {
        super(message);
    }
}
