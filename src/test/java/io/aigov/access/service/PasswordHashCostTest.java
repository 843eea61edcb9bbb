package io.aigov.access.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.aigov.access.config.AccessConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The bcrypt cost is a setting, checked when the service starts rather than at the first account it hashes. */
class PasswordHashCostTest {

    @Test
    void bcryptsDefaultCostUnlessConfigured() {
        assertEquals(10, settings(null).passwordHashCost());
    }

    @Test
    void aCostBcryptDoesNotHaveStopsTheStartNamingTheSetting() {
        for (String cost : new String[] { "3", "32" }) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> new UserAccounts(settings(cost), null));
            assertTrue(refused.getMessage().startsWith("aigov.access.password-hash-cost is " + cost), refused.getMessage());
        }
    }

    private static AccessConfig settings(String cost) {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder().withMapping(AccessConfig.class)
                // Quarkus' own form of durations, as in "15m"
                .withConverter(Duration.class, 100, new DurationConverter());
        if (cost != null) {
            builder.withDefaultValue("aigov.access.password-hash-cost", cost);
        }
        return builder.build().getConfigMapping(AccessConfig.class);
    }
}
