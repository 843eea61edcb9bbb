package io.aigov.access.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.aigov.access.UserAccount;
import io.aigov.access.config.AccessConfig;
import io.aigov.support.CapturedLog;

/** Without a configured password, the first administrator's is generated into a file of the service's user, and only the file is named. */
class GeneratedAdminPasswordTest {

    @TempDir
    Path folder;

    @Test
    void theGeneratedPasswordGoesToAFileOnlyItsUserCanReadAndTheLogNamesOnlyTheFile() throws IOException {
        Path file = folder.resolve("data").resolve("initial-admin-password");
        Accounts accounts = new Accounts(false);
        try (CapturedLog log = CapturedLog.of(InitialAdmin.class.getName())) {
            new InitialAdmin().onStart(null, accounts, config(null, file));

            String password = accounts.created.get("admin");
            assertEquals(password + "\n", Files.readString(file));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertTrue(Passwords.MIN_LENGTH <= password.length(), password);
            assertFalse(log.all().contains(password), log.all());
            assertTrue(log.all().contains(file.toAbsolutePath().toString()), log.all());
        }
    }

    @Test
    void aPasswordFileLeftByAnEarlierStartIsUsedAndNeverOverwritten() throws IOException {
        Path file = Files.writeString(folder.resolve("initial-admin-password"), "written-by-an-earlier-start\n");
        Accounts accounts = new Accounts(false);

        new InitialAdmin().onStart(null, accounts, config(null, file));

        assertEquals("written-by-an-earlier-start", accounts.created.get("admin"));
        assertEquals("written-by-an-earlier-start\n", Files.readString(file));
    }

    @Test
    void aConfiguredPasswordOrAnExistingAdministratorLeavesNoFile() {
        Path file = folder.resolve("initial-admin-password");
        Accounts empty = new Accounts(false);
        new InitialAdmin().onStart(null, empty, config("a-configured-password", file));
        assertEquals(Map.of("admin", "a-configured-password"), empty.created);

        Accounts administered = new Accounts(true);
        new InitialAdmin().onStart(null, administered, config(null, file));
        assertEquals(Map.of(), administered.created);

        assertFalse(Files.exists(file));
    }

    private static AccessConfig config(String password, Path generatedFile) {
        return new AccessConfig() {
            @Override
            public InitialAdmin initialAdmin() {
                return new InitialAdmin() {
                    @Override
                    public String username() {
                        return "admin";
                    }

                    @Override
                    public Optional<String> password() {
                        return Optional.ofNullable(password);
                    }

                    @Override
                    public Optional<Path> passwordFile() {
                        return Optional.empty();
                    }

                    @Override
                    public Path generatedPasswordFile() {
                        return generatedFile;
                    }
                };
            }

            @Override
            public Login login() {
                return new Login() {
                    @Override
                    public int maxFailures() {
                        return 5;
                    }

                    @Override
                    public int maxFailuresPerAddress() {
                        return 20;
                    }

                    @Override
                    public Duration lockout() {
                        return Duration.ofMinutes(15);
                    }

                    @Override
                    public Duration verifiedFor() {
                        return Duration.ofMinutes(5);
                    }
                };
            }

            @Override
            public int passwordHashCost() {
                return 4;
            }
        };
    }

    /** Accounts in memory: none at all, or an administrator already. */
    private static final class Accounts extends UserAccounts {

        final Map<String, String> created = new HashMap<>();
        private final boolean administered;

        Accounts(boolean administered) {
            super(config(null, null), null);
            this.administered = administered;
        }

        @Override
        public boolean anyAdmin() {
            return administered;
        }

        @Override
        public Optional<UserAccount> find(String username) {
            return Optional.empty();
        }

        @Override
        public UserAccount create(String username, String password, List<String> roles, String actor) {
            created.put(username, password);
            return new UserAccount();
        }
    }
}
