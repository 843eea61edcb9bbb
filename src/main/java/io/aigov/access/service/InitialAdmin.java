package io.aigov.access.service;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.aigov.access.Roles;
import io.aigov.access.config.AccessConfig;
import io.quarkus.runtime.StartupEvent;

/**
 * Makes sure someone can administer the service: when no account holds the admin role, the first
 * administrator is created from configuration, or with a generated password logged once.
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
        String password = config.initialAdmin().password().filter(configured -> !configured.isBlank()).orElse(null);
        if (password != null) {
            Passwords.requireStrong("aigov.access.initial-admin.password", password);
        }
        if (accounts.find(username).isPresent()) {
            accounts.changeRoles(username, List.of(Roles.ADMIN), CREATED_BY);
            LOG.warnf("No account had the admin role; gave it back to %s", username);
            return;
        }
        boolean generated = password == null;
        if (generated) {
            byte[] random = new byte[18];
            new SecureRandom().nextBytes(random);
            password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        }
        accounts.create(username, password, List.of(Roles.ADMIN), CREATED_BY);
        if (generated) {
            LOG.warnf("Created the first administrator '%s' with the generated password %s (shown once: sign in and change it,"
                    + " or set aigov.access.initial-admin.password before the first start)", username, password);
        } else {
            LOG.infof("Created the first administrator '%s' from configuration", username);
        }
    }
}
