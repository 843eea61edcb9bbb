package io.aigov.ruleset.service;

import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.aigov.ruleset.InvalidRulesetException;
import io.aigov.ruleset.Ruleset;
import io.aigov.ruleset.RulesetCompiler;
import io.aigov.ruleset.RulesetSource;
import io.aigov.ruleset.config.RulesConfig;
import io.quarkus.runtime.StartupEvent;

/**
 * The ruleset that decides evaluations now. It is compiled from the configured rules folder at
 * start-up; when that folder does not exist, or its rules do not compile, the rules bundled with
 * the application serve instead, so a broken rule file never keeps the service from starting.
 */
@ApplicationScoped
public class ActiveRuleset {

    private static final Logger LOG = Logger.getLogger(ActiveRuleset.class);

    private final RulesConfig config;
    private volatile Ruleset current;

    public ActiveRuleset(RulesConfig config) {
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        current();
    }

    /** Callers keep the returned ruleset for a whole evaluation, so a later swap never splits one. */
    public Ruleset current() {
        Ruleset ruleset = current;
        if (ruleset == null) {
            synchronized (this) {
                if (current == null) {
                    current = load();
                }
                ruleset = current;
            }
        }
        return ruleset;
    }

    private Ruleset load() {
        Path directory = Path.of(config.directory()).toAbsolutePath().normalize();
        if (Files.isDirectory(directory)) {
            try {
                Ruleset ruleset = RulesetCompiler.compile(RulesetSource.fromDirectory(directory), directory.toString());
                LOG.infof("Rules from %s active, version %s", directory, ruleset.version());
                return ruleset;
            } catch (InvalidRulesetException e) {
                LOG.errorf("The rules in %s are invalid, serving the bundled rules instead: %s", directory, e.getMessage());
            }
        } else {
            LOG.infof("No rules folder at %s, serving the bundled rules", directory);
        }
        Ruleset bundled = RulesetCompiler.compile(RulesetSource.bundled(), RulesetSource.BUNDLED);
        LOG.infof("Bundled rules active, version %s", bundled.version());
        return bundled;
    }
}
