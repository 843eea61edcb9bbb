package io.aigov.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jboss.logging.Logger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One embedded PostgreSQL per JVM. Dev mode rebuilds the configuration in a new class loader after
 * each reload, so "already started" is kept in a system property that every class loader sees.
 */
final class EmbeddedPostgresServer {

    private static final Logger LOG = Logger.getLogger(EmbeddedPostgresServer.class);
    private static final String STARTED_URL = "aigov.embedded-postgres.started-url";

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
                clearStalePidFile(directory);
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
     * After the JVM was killed the server may be gone but its pid file left behind, and the next
     * start would refuse the folder. A pid file whose process still runs means the folder is in use.
     */
    private static void clearStalePidFile(Path directory) throws IOException {
        Path pidFile = directory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        String firstLine = Files.readAllLines(pidFile, StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
        boolean running = firstLine.matches("\\d+")
                && ProcessHandle.of(Long.parseLong(firstLine)).map(ProcessHandle::isAlive).orElse(false);
        if (running) {
            throw new IllegalStateException("the database folder " + directory + " is in use by PostgreSQL process "
                    + firstLine + ": stop that process or set " + EmbeddedPostgresConfigSourceFactory.DATA_DIR_PROPERTY
                    + " to another folder");
        }
        LOG.warnf("Removing the stale %s left by a server that is no longer running", pidFile);
        Files.delete(pidFile);
    }
}
