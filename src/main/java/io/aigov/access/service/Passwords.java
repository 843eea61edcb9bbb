package io.aigov.access.service;

/** The password policy: long enough to resist guessing, since sign-in is by password alone. */
public final class Passwords {

    public static final int MIN_LENGTH = 12;

    private Passwords() {
    }

    static void requireStrong(String setting, String password) {
        if (password.length() < MIN_LENGTH) {
            throw new IllegalStateException(setting + " must be at least " + MIN_LENGTH + " characters long");
        }
    }
}
