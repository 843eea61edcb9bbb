package io.aigov.database;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.quarkus.runtime.ExecutionModeManager;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;

/**
 * Gives the service a real PostgreSQL when no database URL is configured: the first time Quarkus
 * asks for {@code quarkus.datasource.jdbc.url} (or its password), an embedded server is started and
 * its URL (and its superuser's password) answered. It runs before the datasource, Flyway and
 * Hibernate start, so the same story holds for the packaged jar, dev mode and tests. A configured
 * URL (property or environment) always wins.
 */
public class EmbeddedPostgresConfigSourceFactory implements ConfigSourceFactory {

    static final String URL_PROPERTY = "quarkus.datasource.jdbc.url";
    static final String PASSWORD_PROPERTY = "quarkus.datasource.password";
    static final String DATA_DIR_PROPERTY = "aigov.embedded-postgres.data-dir";
    /** Below application.properties (250) and the environment (300), so anything configured wins. */
    private static final int ORDINAL = 50;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        // The factory also runs while the application is being built: starting a server then would
        // bake a throw-away URL into the build.
        if (ExecutionModeManager.getExecutionMode() == io.quarkus.runtime.ExecutionMode.UNSET) {
            return List.of();
        }
        ConfigValue configured = context.getValue(URL_PROPERTY);
        if (configured != null && configured.getValue() != null && !configured.getValue().isBlank()) {
            return List.of();
        }
        ConfigValue dataDir = context.getValue(DATA_DIR_PROPERTY);
        String directory = dataDir == null || dataDir.getValue() == null ? "" : dataDir.getValue().strip();
        return List.of(new LazyUrlSource(directory));
    }

    private static final class LazyUrlSource implements ConfigSource {

        private final String dataDirectory;

        LazyUrlSource(String dataDirectory) {
            this.dataDirectory = dataDirectory;
        }

        @Override
        public Set<String> getPropertyNames() {
            return dataDirectory.isBlank() ? Set.of(URL_PROPERTY) : Set.of(URL_PROPERTY, PASSWORD_PROPERTY);
        }

        @Override
        public Map<String, String> getProperties() {
            Map<String, String> properties = new HashMap<>();
            getPropertyNames().forEach(name -> properties.put(name, getValue(name)));
            return properties;
        }

        @Override
        public String getValue(String propertyName) {
            if (URL_PROPERTY.equals(propertyName)) {
                return EmbeddedPostgresServer.jdbcUrl(dataDirectory);
            }
            return PASSWORD_PROPERTY.equals(propertyName) ? EmbeddedPostgresServer.password(dataDirectory).orElse(null) : null;
        }

        @Override
        public String getName() {
            return "embedded-postgres";
        }

        @Override
        public int getOrdinal() {
            return ORDINAL;
        }
    }
}
