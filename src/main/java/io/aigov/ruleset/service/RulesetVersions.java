package io.aigov.ruleset.service;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.aigov.decision.ruleset.Ruleset;
import io.aigov.decision.ruleset.RulesetCompiler;
import io.aigov.ruleset.history.RulesetHistory;
import io.aigov.ruleset.history.StoredRulesetVersion;

/**
 * Any stored version as a compiled ruleset, to re-run an evaluation on the version that decided it.
 * Stored versions passed the safety check when they were activated, and their content is what the
 * version identifier hashes, so compiling them again gives the same rules.
 */
@ApplicationScoped
public class RulesetVersions {

    private static final int CACHED_VERSIONS = 8;

    private final ActiveRuleset activeRuleset;
    private final RulesetHistory history;
    private final Map<String, Ruleset> cache = new LinkedHashMap<>(CACHED_VERSIONS, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Ruleset> eldest) {
            return size() > CACHED_VERSIONS;
        }
    };

    public RulesetVersions(ActiveRuleset activeRuleset, RulesetHistory history) {
        this.activeRuleset = activeRuleset;
        this.history = history;
    }

    /** The compiled version an audit record names as the one that decided it: a record naming one not stored means a damaged log. */
    public Ruleset thatDecided(UUID record, String version) {
        return compiled(version).orElseThrow(() -> new IllegalStateException(
                "audit record " + record + " names ruleset version " + version + ", which is not stored"));
    }

    public synchronized Optional<Ruleset> compiled(String version) {
        Ruleset active = activeRuleset.current();
        if (active.version().equals(version)) {
            return Optional.of(active);
        }
        Ruleset cached = cache.get(version);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<StoredRulesetVersion> stored = history.version(version);
        stored.ifPresent(v -> cache.put(version, RulesetCompiler.compile(v.files, "version " + version)));
        return stored.map(v -> cache.get(version));
    }
}
