package io.aigov.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** The embedded PostgreSQL that keeps its data in a folder lets its superuser in only with the password kept there. */
class KeptServerTest {

    @TempDir
    Path folder;

    @Test
    void aNewFolderGetsAPasswordOnlyItsUserCanReadWithoutWhichTheServerRefusesConnections() throws Exception {
        Path data = folder.resolve("postgres");
        try (EmbeddedPostgres server = KeptServer.start(data)) {
            assertRefusedWithoutThePassword(server);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(KeptServer.PASSWORD_FILE))));
            execute(server, KeptServer.password(data), "create table kept (id int)", "insert into kept values (42)");
        }
        String password = KeptServer.password(data);
        try (EmbeddedPostgres restarted = KeptServer.start(data)) {
            assertRefusedWithoutThePassword(restarted);
            assertEquals(42, keptValue(restarted, password));
        }
        assertEquals(password, KeptServer.password(data), "a restart keeps the password");
    }

    @Test
    void theDatabaseOfAnEarlierVersionMovesIntoItsOwnFolderAndGetsAPassword() throws Exception {
        Path earlier = folder.resolve("data");
        try (EmbeddedPostgres asBefore = EmbeddedPostgres.builder().setDataDirectory(earlier).setCleanDataDirectory(false).start()) {
            execute(asBefore, null, "create table kept (id int)", "insert into kept values (42)");
        }
        Files.writeString(earlier.resolve("session-key"), "not the database's");

        Path data = earlier.resolve("postgres");
        try (EmbeddedPostgres moved = KeptServer.start(data)) {
            assertRefusedWithoutThePassword(moved);
            assertEquals(42, keptValue(moved, KeptServer.password(data)));
        }
        assertFalse(Files.exists(earlier.resolve("PG_VERSION")));
        assertTrue(Files.exists(data.resolve("PG_VERSION")));
        assertEquals("not the database's", Files.readString(earlier.resolve("session-key")));
    }

    private static void assertRefusedWithoutThePassword(EmbeddedPostgres server) {
        assertThrows(SQLException.class, () -> connect(server, null).close(), "no password");
        SQLException wrong = assertThrows(SQLException.class, () -> connect(server, "not-the-password").close());
        assertEquals("28P01", wrong.getSQLState(), wrong.getMessage());
    }

    private static Connection connect(EmbeddedPostgres server, String password) throws SQLException {
        Properties properties = new Properties();
        if (password != null) {
            properties.setProperty("password", password);
        }
        return DriverManager.getConnection(server.getJdbcUrl("postgres", "postgres"), properties);
    }

    private static void execute(EmbeddedPostgres server, String password, String... statements) throws SQLException {
        try (Connection connection = connect(server, password); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static int keptValue(EmbeddedPostgres server, String password) throws SQLException {
        try (Connection connection = connect(server, password); Statement statement = connection.createStatement();
                ResultSet kept = statement.executeQuery("select id from kept")) {
            assertTrue(kept.next());
            return kept.getInt(1);
        }
    }
}
