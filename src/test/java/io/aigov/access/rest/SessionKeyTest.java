package io.aigov.access.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Base64;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.ConfigValue;
import org.junit.jupiter.api.Test;

import io.aigov.access.config.SessionKeyConfigSourceFactory;
import io.quarkus.test.junit.QuarkusTest;

/** Without a configured session key, the console's cookies are encrypted with a random key kept out of the log. */
@QuarkusTest
class SessionKeyTest {

    @Test
    void withoutAConfiguredKeyARandomOneIsMadeThatQuarkusWouldOtherwiseLog() {
        ConfigValue key = ConfigProvider.getConfig().getConfigValue(SessionKeyConfigSourceFactory.KEY_PROPERTY);

        assertEquals(SessionKeyConfigSourceFactory.SOURCE_NAME, key.getSourceName(),
                "Quarkus makes a key of its own when none is configured, and writes it to the log");
        assertEquals(32, Base64.getDecoder().decode(key.getValue()).length);
    }
}
