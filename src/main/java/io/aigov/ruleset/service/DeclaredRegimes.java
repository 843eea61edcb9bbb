package io.aigov.ruleset.service;

import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;

import io.aigov.audit.RegimeCodes;
import io.aigov.decision.model.Declarations;
import io.aigov.decision.ruleset.RulesetCompiler;
import io.aigov.ruleset.history.RulesetHistory;
import io.aigov.ruleset.history.StoredRulesetVersion;

/**
 * Every regime a version that served declares, read from the stored versions' files: what audit
 * records can name, so a search for one no rules ever named is refused, while one an older version
 * declared still finds its records. Read again when a version is activated or one is asked for that
 * is not known yet (another instance may have activated it).
 */
@ApplicationScoped
public class DeclaredRegimes implements RegimeCodes {

    private final RulesetHistory history;
    private final ActiveRuleset activeRuleset;
    private volatile SortedSet<String> known;

    public DeclaredRegimes(RulesetHistory history, ActiveRuleset activeRuleset) {
        this.history = history;
        this.activeRuleset = activeRuleset;
    }

    @Override
    public SortedSet<String> known() {
        SortedSet<String> codes = known;
        if (codes == null || !codes.containsAll(codesOf(activeRuleset.current().declarations()))) {
            codes = read();
            known = codes;
        }
        return codes;
    }

    void onServing(@ObservesAsync RulesetServing serving) {
        known = null;
    }

    private SortedSet<String> read() {
        SortedSet<String> codes = new TreeSet<>(codesOf(Declarations.LEGACY));
        codes.addAll(codesOf(activeRuleset.current().declarations()));
        for (StoredRulesetVersion version : history.versions()) {
            codes.addAll(codesOf(RulesetCompiler.declarationsOf(version.files)));
        }
        return Collections.unmodifiableSortedSet(codes);
    }

    private static SortedSet<String> codesOf(Declarations declarations) {
        SortedSet<String> codes = new TreeSet<>();
        declarations.regimes().forEach(regime -> codes.add(regime.code()));
        return codes;
    }
}
