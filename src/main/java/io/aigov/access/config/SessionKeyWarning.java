package io.aigov.access.config;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/** Says, once at start-up and without the key, when console sessions hold only until a restart. */
@Singleton
public class SessionKeyWarning {

    private static final Logger LOG = Logger.getLogger(SessionKeyWarning.class);

    void onStart(@Observes StartupEvent start) {
        String source = ConfigProvider.getConfig().getConfigValue(SessionKeyConfigSourceFactory.KEY_PROPERTY).getSourceName();
        if (SessionKeyConfigSourceFactory.SOURCE_NAME.equals(source)) {
            LOG.warnf("No %s is configured: console sessions end when the service restarts and hold on this replica only"
                    + " (docs/console.md)", SessionKeyConfigSourceFactory.KEY_PROPERTY);
        }
    }
}
