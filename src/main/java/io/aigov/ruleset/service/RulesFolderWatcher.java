package io.aigov.ruleset.service;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import io.aigov.decision.ruleset.RulesetSource;
import io.aigov.ruleset.config.RulesConfig;

/**
 * Activates saved changes in the rules folder without a restart: a change to a {@code .drl} file,
 * {@code thresholds.properties} or a golden case triggers a reload once the folder has been quiet
 * for {@code aigov.rules.watch-settle}, so an editor's multi-step save reloads once. An entry the
 * reader refuses (a link out of the folder, a name no rule file may have) triggers one too, which
 * the gate then refuses; {@code tests/} is watched only when it is a folder inside the rules folder.
 */
@ApplicationScoped
public class RulesFolderWatcher {

    private static final Logger LOG = Logger.getLogger(RulesFolderWatcher.class);

    private final RulesConfig config;
    private final RulesFolder folder;
    private final RuleLifecycle lifecycle;
    private volatile WatchService watchService;
    private volatile Thread thread;
    private volatile boolean stopping;

    public RulesFolderWatcher(RulesConfig config, RulesFolder folder, RuleLifecycle lifecycle) {
        this.config = config;
        this.folder = folder;
        this.lifecycle = lifecycle;
    }

    void onStart(@Observes StartupEvent event) throws IOException {
        Path directory = folder.directory();
        if (!config.watch() || !Files.isDirectory(directory)) {
            return;
        }
        watchService = FileSystems.getDefault().newWatchService();
        register(directory);
        if (RulesetSource.goldenCasesFolder(directory).isPresent()) {
            register(directory.resolve(RulesetSource.GOLDEN_CASES_FOLDER));
        }
        thread = new Thread(() -> watch(directory), "rules-folder-watcher");
        thread.setDaemon(true);
        thread.start();
        LOG.infof("Watching %s for rule changes", directory);
    }

    void onStop(@Observes ShutdownEvent event) throws IOException {
        stopping = true;
        if (watchService != null) {
            watchService.close();
        }
    }

    /**
     * Whether saved changes are still picked up: false once the watching thread has ended while the
     * service runs, which makes the service unready rather than silently deaf to the folder.
     */
    public boolean deaf() {
        Thread watching = thread;
        return watching != null && !watching.isAlive() && !stopping;
    }

    private void register(Path directory) throws IOException {
        directory.register(watchService, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
    }

    private void watch(Path directory) {
        try {
            while (true) {
                WatchKey key = watchService.take();
                boolean relevant = drain(directory, key);
                // Let the save finish: keep collecting until the folder has been quiet for the settle time.
                WatchKey more;
                while ((more = watchService.poll(config.watchSettle().toMillis(), TimeUnit.MILLISECONDS)) != null) {
                    relevant |= drain(directory, more);
                }
                if (relevant) {
                    LOG.infof("Rules folder changed, reloading");
                    reload();
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            if (stopping) {
                LOG.debug("Stopped watching the rules folder");
            } else {
                LOG.errorf("Stopped watching the rules folder %s: saved changes are no longer picked up; the service reports"
                        + " itself unready", directory);
            }
        }
    }

    private boolean drain(Path directory, WatchKey key) {
        boolean relevant = false;
        Path watched = (Path) key.watchable();
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                relevant = true;
                continue;
            }
            Path changed = watched.resolve((Path) event.context());
            if (changed.equals(directory.resolve(RulesetSource.GOLDEN_CASES_FOLDER))
                    && RulesetSource.goldenCasesFolder(directory).isPresent()) {
                try {
                    register(changed);
                } catch (IOException e) {
                    LOG.warnf(e, "Cannot watch %s", changed);
                }
            }
            relevant |= RulesetSource.matters(directory.relativize(changed).toString().replace('\\', '/'));
        }
        key.reset();
        return relevant;
    }

    private void reload() {
        try {
            lifecycle.submitFolder(null);
        } catch (RuntimeException | StackOverflowError e) {
            // Whatever a reload meets (the database down while storing the version, a candidate nested deeper than the
            // parsers go) must not end the watching.
            LOG.errorf(e, "Reloading the rules folder failed; the active ruleset keeps serving");
        }
    }
}
