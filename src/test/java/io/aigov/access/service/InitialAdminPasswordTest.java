package io.aigov.access.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.aigov.access.config.AccessConfig;

class InitialAdminPasswordTest {

    @TempDir
    Path folder;

    @Test
    void aSecretFileGivesThePasswordWithoutItsTrailingNewline() throws IOException {
        Path file = Files.writeString(folder.resolve("admin-password"), "a-long-enough-secret\n");
        assertEquals(Optional.of("a-long-enough-secret"), InitialAdmin.configuredPassword(config(null, file)));
    }

    @Test
    void thePropertyStillWorksAndNeitherMeansGenerated() {
        assertEquals(Optional.of("a-long-enough-secret"), InitialAdmin.configuredPassword(config("a-long-enough-secret", null)));
        assertEquals(Optional.empty(), InitialAdmin.configuredPassword(config(null, null)));
    }

    @Test
    void bothAnUnreadableFileAndAWeakPasswordStopTheStart() throws IOException {
        Path file = Files.writeString(folder.resolve("admin-password"), "a-long-enough-secret");
        IllegalStateException both = assertThrows(IllegalStateException.class,
                () -> InitialAdmin.configuredPassword(config("a-long-enough-secret", file)));
        assertTrue(both.getMessage().contains("not both"), both.getMessage());
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> InitialAdmin.configuredPassword(config(null, folder.resolve("absent"))));
        assertTrue(missing.getMessage().contains("Cannot read"), missing.getMessage());
        Path weak = Files.writeString(folder.resolve("weak"), "short");
        IllegalStateException tooShort = assertThrows(IllegalStateException.class,
                () -> InitialAdmin.configuredPassword(config(null, weak)));
        assertTrue(tooShort.getMessage().contains("password-file"), tooShort.getMessage());
        assertTrue(!tooShort.getMessage().contains("short"), "the message must not show the password");
    }

    private static AccessConfig.InitialAdmin config(String password, Path file) {
        return new AccessConfig.InitialAdmin() {
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
                return Optional.ofNullable(file);
            }

            @Override
            public Path generatedPasswordFile() {
                return Path.of("data", "initial-admin-password");
            }
        };
    }
}
