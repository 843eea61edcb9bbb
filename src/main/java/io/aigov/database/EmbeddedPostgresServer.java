package io.aigov.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;

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
            EmbeddedPostgres postgres;
            if (!dataDirectory.isBlank()) {
                postgres = KeptServer.start(Path.of(dataDirectory).toAbsolutePath());
            } else {
                LOG.info("Starting a throw-away embedded PostgreSQL");
                postgres = builder().start();
            }
            String url = postgres.getJdbcUrl("postgres", "postgres");
            System.setProperty(STARTED_URL, url);
            return url;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL (configure quarkus.datasource.jdbc.url to use another server)", e);
        }
    }

    /**
     * The password the superuser of the server in that folder signs in with. A throw-away server has
     * none: it lives only as long as the tests that share it, which make databases of their own on it.
     */
    static Optional<String> password(String dataDirectory) {
        if (dataDirectory.isBlank()) {
            return Optional.empty();
        }
        jdbcUrl(dataDirectory);
        try {
            return Optional.of(KeptServer.password(Path.of(dataDirectory).toAbsolutePath()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the embedded PostgreSQL's password", e);
        }
    }

    static EmbeddedPostgres.Builder builder() {
        // The library's default trades durability for speed; an audit log must not lose a committed row.
        return EmbeddedPostgres.builder().setServerConfig("synchronous_commit", "on");
    }
}
