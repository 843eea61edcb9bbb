package io.aigov.ruleset.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import io.aigov.decision.rulefile.RuleFile;
import io.aigov.decision.ruleset.CompiledRules;
import io.aigov.decision.ruleset.Ruleset;
import io.aigov.decision.ruleset.RulesetCandidate;
import io.aigov.decision.ruleset.RulesetCompiler;
import io.aigov.ruleset.config.RulesConfig;
import io.aigov.support.AuditTable;

/** The compiled rules this service stored are served again, and nothing else it finds in their place. */
@QuarkusTest
class CompiledRulesCacheTest {

    private static final List<RuleFile> RULES = RulesetCandidate.fromDirectory(Path.of("rules")).rules();
    private static final Ruleset COMPILED = RulesetCompiler.compile(RULES, "rules");

    @Inject
    CompiledRulesCache cache;

    @Inject
    AuditTable database;

    @Inject
    RulesConfig config;

    private Path stored;

    @BeforeEach
    void storeTheShippedRules() {
        cache.store(COMPILED);
        stored = Path.of(config.compiledCacheDirectory().orElseThrow()).resolve(CompiledRules.key(RULES) + ".compiled");
    }

    @Test
    void theStoredRulesAreServedWithoutCompilingThem() {
        assertTrue(Files.isRegularFile(stored));
        Ruleset loaded = cache.load(RULES, "stored").orElseThrow();
        assertEquals(RulesetCandidate.fromDirectory(Path.of("rules")).version(), loaded.version());
        assertEquals("stored", loaded.source());
    }

    @Test
    void aFormChangedInTheFolderIsNotServed() throws IOException {
        byte[] form = Files.readAllBytes(stored);
        form[form.length - 1] ^= 1;
        Files.write(stored, form);

        assertTrue(cache.load(RULES, "stored").isEmpty());
    }

    @Test
    void aFormWhoseDigestTheDatabaseDoesNotHoldIsNotServed() throws IOException {
        database.execute("delete from compiled_rules where sha256 = '" + CompiledRules.digest(Files.readAllBytes(stored)) + "'");

        assertTrue(cache.load(RULES, "stored").isEmpty());
    }

    @Test
    void rulesNeverStoredAreCompiled() {
        List<RuleFile> other = RULES.stream().map(file -> file.name().equals("verdict.drl")
                ? new RuleFile(file.name(), "// another version\n" + file.content()) : file).toList();
        assertTrue(cache.load(other, "other").isEmpty());
    }
}
