package io.aigov.access.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

import io.aigov.access.config.AccessConfig;
import io.aigov.shared.OwnerOnlyFiles;
import io.aigov.shared.Roles;

/**
 * Makes sure someone can administer the service: when no account holds the admin role, the first
 * administrator is created from configuration, or with a generated password written to a file that
 * only the service's user can read. The log names that file, never the password: logs are read,
 * shipped and kept by more people than should sign in as the administrator.
 */
@Singleton
public class InitialAdmin {

    private static final Logger LOG = Logger.getLogger(InitialAdmin.class);
    static final String CREATED_BY = "initial-admin";

    void onStart(@Observes StartupEvent start, UserAccounts accounts, AccessConfig config) {
        if (accounts.anyAdmin()) {
            return;
        }
        String username = config.initialAdmin().username();
        Optional<String> configured = configuredPassword(config.initialAdmin());
        if (accounts.find(username).isPresent()) {
            accounts.changeRoles(username, List.of(Roles.ADMIN), CREATED_BY);
            LOG.warnf("No account had the admin role; gave it back to %s", username);
            return;
        }
        Path generatedFile = config.initialAdmin().generatedPasswordFile();
        String password = configured.orElseGet(() -> generatedPassword(generatedFile));
        try {
            accounts.create(username, password, List.of(Roles.ADMIN), CREATED_BY);
        } catch (AccountConflictException e) {
            if (accounts.find(username).isEmpty()) {
                throw e;
            }
            LOG.infof("Another instance of the service, starting alongside, created the first administrator '%s'", username);
            return;
        }
        if (configured.isEmpty()) {
            LOG.warnf("Created the first administrator '%s' with a generated password, written to %s (readable by this user only):"
                    + " sign in with it, change it, then delete the file. To choose it instead, set"
                    + " aigov.access.initial-admin.password-file before the first start", username, generatedFile.toAbsolutePath());
        } else {
            LOG.infof("Created the first administrator '%s' from configuration", username);
        }
    }

    /**
     * A new random password, written to the file; or the one already there, which an earlier start
     * wrote without getting to create the account (the database was down, or has been replaced):
     * the account always gets the password the file holds.
     */
    static String generatedPassword(Path file) {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        String setting = "aigov.access.initial-admin.generated-password-file";
        try {
            if (OwnerOnlyFiles.createIfAbsent(file, generated + "\n")) {
                return generated;
            }
            String earlier = Files.readString(file, StandardCharsets.UTF_8).strip();
            Passwords.requireStrong("the password in " + file.toAbsolutePath() + " (" + setting + ")", earlier);
            return earlier;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot keep the first administrator's generated password in " + file.toAbsolutePath()
                    + " (set " + setting + ", or aigov.access.initial-admin.password-file): " + e.getMessage(), e);
        }
    }

    /** The configured password, from its file or its property (not both), checked for strength; empty when none is set. */
    static Optional<String> configuredPassword(AccessConfig.InitialAdmin config) {
        Optional<String> inline = config.password().filter(configured -> !configured.isBlank());
        if (inline.isPresent() && config.passwordFile().isPresent()) {
            throw new IllegalStateException("Set aigov.access.initial-admin.password-file or aigov.access.initial-admin.password, not both");
        }
        Optional<String> password = inline;
        String property = "aigov.access.initial-admin.password";
        if (config.passwordFile().isPresent()) {
            Path file = config.passwordFile().get();
            property = "the file in aigov.access.initial-admin.password-file";
            try {
                // Secret files usually end with a newline that is not part of the password.
                password = Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip());
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read aigov.access.initial-admin.password-file " + file + ": " + e.getMessage(), e);
            }
        }
        String checkedAs = property;
        password.ifPresent(p -> Passwords.requireStrong(checkedAs, p));
        return password;
    }
}
