package io.aigov.ruleset.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import io.aigov.decision.ruleset.RulesetCandidate;
import io.aigov.ruleset.RulesetOrigin;

/**
 * A rules folder holding exactly the rules the application was built with serves them at start-up
 * without a check process: they passed the gate at build time (RulesFolderTest shows that a folder
 * that differs goes through it).
 */
@QuarkusTest
class ShippedRulesAtStartTest {

    @Inject
    ActiveRuleset activeRuleset;

    @Test
    void theShippedFolderServesAsCheckedAtBuild() {
        ActiveRuleset.Active active = activeRuleset.active();
        assertEquals(RulesetOrigin.Source.FOLDER, active.origin().source());
        assertEquals(RulesetCandidate.bundled(), active.candidate());
        assertEquals(ActiveRuleset.CHECKED_BEFORE, active.report().isolation());
    }
}
