package io.aigov.access.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "aigov.access")
public interface AccessConfig {

    /** The first administrator, created at start-up when no account has the admin role. */
    InitialAdmin initialAdmin();

    Login login();

    /**
     * The bcrypt cost of the password hashes stored from now on: each step doubles the time a
     * sign-in check takes, and an attacker's guess against a stolen hash. A hash keeps the cost it was
     * made with, so raising it takes effect as passwords are set or changed. From 4 to 31.
     */
    @WithDefault("10")
    int passwordHashCost();

    interface InitialAdmin {

        @WithDefault("admin")
        String username();

        /**
         * Its password. When neither this nor {@link #passwordFile()} is set, a random one is
         * generated into {@link #generatedPasswordFile()} at the start that creates the account.
         */
        Optional<String> password();

        /**
         * A file holding its password (a mounted secret), read at start-up; preferred over
         * {@link #password()}, which as an environment variable is visible to every process that
         * can read this one's environment.
         */
        Optional<Path> passwordFile();

        /**
         * Where a generated password is written, readable by the service's user only and never
         * overwritten; the log names the file, never the password.
         */
        @WithDefault("data/initial-admin-password")
        Path generatedPasswordFile();
    }

    interface Login {

        /** Failed sign-ins for one user name before further attempts for it are refused. */
        @WithDefault("5")
        int maxFailures();

        /** Failed sign-ins from one client address, whatever the user names, before its attempts are refused. */
        @WithDefault("20")
        int maxFailuresPerAddress();

        /** How long sign-ins stay refused after too many failures; failures older than this are forgotten. */
        @WithDefault("15m")
        Duration lockout();

        /**
         * How long a verified password is remembered, so that not every request pays for a bcrypt
         * check. Changing or removing an account forgets it at once.
         */
        @WithDefault("5m")
        Duration verifiedFor();
    }
}
