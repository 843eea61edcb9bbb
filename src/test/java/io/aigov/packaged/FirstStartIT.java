package io.aigov.packaged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.aigov.support.RulesFolders;

/**
 * The packaged service's first start as the README's quick start makes it: nothing configured, in a
 * folder that holds only the rules, as a fresh checkout does. Everything it writes goes under data/,
 * its secrets readable by its user alone, and nothing secret reaches the log.
 */
class FirstStartIT {

    private static final Pattern DATABASE_URL = Pattern.compile("Database: (jdbc:postgresql://localhost:\\d+/postgres)");

    private PackagedService service;

    @AfterEach
    void stop() throws InterruptedException {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void withNothingConfiguredEverythingWrittenIsUnderDataAndTheSecretsAreTheUsersAlone() throws Exception {
        Path work = Files.createTempDirectory("first-start");
        Files.move(RulesFolders.copyOfRules("first-start-rules"), work.resolve("rules"));

        service = PackagedService.startIn(work, "first-start").awaitReady(Duration.ofSeconds(120));

        Path adminPassword = work.resolve("data/initial-admin-password");
        String password = Files.readString(adminPassword).strip();
        assertEquals("rw-------", permissions(adminPassword));
        HttpResponse<String> me = service.send("GET", "/api/me", "admin", password, null, null);
        assertEquals(200, me.statusCode(), me.body());

        Path databasePassword = work.resolve("data/postgres/superuser-password");
        assertEquals("rw-------", permissions(databasePassword));
        Matcher database = DATABASE_URL.matcher(service.log());
        assertTrue(database.find(), "the log names the database");
        assertThrows(SQLException.class, () -> DriverManager.getConnection(database.group(1), "postgres", null).close(),
                "the embedded database lets nobody in without its password");
        DriverManager.getConnection(database.group(1), "postgres", Files.readString(databasePassword).strip()).close();

        assertEquals("rw-------", permissions(work.resolve("data/audit-evidence/checkpoint-signing-key.pem")));
        String log = service.log();
        assertFalse(log.contains(password), "the log shows the administrator's password");
        assertFalse(log.contains(Files.readString(databasePassword).strip()), "the log shows the database's password");
        assertTrue(log.contains(adminPassword.toString()), "the log names the file that holds the administrator's password");

        service.close();
        try (Stream<Path> written = Files.list(work)) {
            assertEquals(List.of("data", "rules"), written.map(path -> path.getFileName().toString()).sorted().toList(),
                    "what the service wrote outside data/");
        }
    }

    private static String permissions(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }
}
