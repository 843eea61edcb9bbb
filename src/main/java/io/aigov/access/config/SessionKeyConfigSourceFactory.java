package io.aigov.access.config;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.quarkus.runtime.ExecutionMode;
import io.quarkus.runtime.ExecutionModeManager;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;

/**
 * A random key for the console's session cookie when none is configured. Quarkus would make one
 * itself, and write it to the log, where anyone who reads the log could forge sessions with it
 * until the next restart. This key stays in memory; {@link SessionKeyWarning} says that sessions end
 * at a restart and hold on this replica only. A configured key (property or environment) always wins.
 */
public class SessionKeyConfigSourceFactory implements ConfigSourceFactory {

    public static final String KEY_PROPERTY = "quarkus.http.auth.session.encryption-key";
    public static final String SOURCE_NAME = "session key generated at start-up";
    /** Below application.properties (250) and the environment (300), so anything configured wins. */
    private static final int ORDINAL = 50;
    private static final int KEY_BYTES = 32;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        // The factory also runs while the application is being built, which must not bake a key into it.
        if (ExecutionModeManager.getExecutionMode() == ExecutionMode.UNSET) {
            return List.of();
        }
        ConfigValue configured = context.getValue(KEY_PROPERTY);
        if (configured != null && configured.getValue() != null && !configured.getValue().isBlank()) {
            return List.of();
        }
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return List.of(new GeneratedKey(Base64.getEncoder().encodeToString(key)));
    }

    private record GeneratedKey(String key) implements ConfigSource {

        @Override
        public Set<String> getPropertyNames() {
            return Set.of(KEY_PROPERTY);
        }

        @Override
        public Map<String, String> getProperties() {
            return Map.of(KEY_PROPERTY, key);
        }

        @Override
        public String getValue(String propertyName) {
            return KEY_PROPERTY.equals(propertyName) ? key : null;
        }

        @Override
        public String getName() {
            return SOURCE_NAME;
        }

        @Override
        public int getOrdinal() {
            return ORDINAL;
        }

        @Override
        public String toString() {
            // A record would print its key.
            return SOURCE_NAME;
        }
    }
}
