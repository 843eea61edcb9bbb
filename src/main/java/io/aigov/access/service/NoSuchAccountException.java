package io.aigov.access.service;

public class NoSuchAccountException extends RuntimeException {

    public NoSuchAccountException(String username) {
        super("No user named " + username);
    }
}
