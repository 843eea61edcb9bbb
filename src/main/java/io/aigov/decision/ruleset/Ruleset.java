package io.aigov.decision.ruleset;

import java.util.List;
import java.util.Map;

import org.kie.api.KieBase;
import org.kie.api.runtime.KieSessionsPool;

import io.aigov.decision.model.Declarations;
import io.aigov.decision.model.Thresholds;
import io.aigov.decision.rulefile.RuleFile;

/**
 * A compiled, immutable ruleset: everything one evaluation needs, so an evaluation that holds it
 * runs wholly on one version whatever is activated meanwhile.
 *
 * @param version     see {@link RulesetVersion}
 * @param source      where the files came from (a folder path, or "bundled")
 * @param files       the files the version was computed over
 * @param kieBase     the compiled rules
 * @param sessions    sessions of those rules, reset when one is given back: creating one per decision cost a tenth
 *                    of the decision
 * @param thresholds   the tunable numbers and dates the rules read
 * @param declarations the regimes, jurisdictions and capabilities the rules name
 * @param ruleFiles    rule identifier ("package.name") to the file that defines it
 */
public record Ruleset(String version, String source, List<RuleFile> files, KieBase kieBase, KieSessionsPool sessions,
        Thresholds thresholds, Declarations declarations, Map<String, String> ruleFiles) {

    /** A ruleset with sessions of its own, as many as decisions run on it at once. */
    public Ruleset(String version, String source, List<RuleFile> files, KieBase kieBase, Thresholds thresholds,
            Declarations declarations, Map<String, String> ruleFiles) {
        this(version, source, files, kieBase, kieBase.newKieSessionsPool(1), thresholds, declarations, ruleFiles);
    }

    /** The rules' names, sorted: what a search for a fired rule can name. */
    public java.util.SortedSet<String> ruleNames() {
        java.util.SortedSet<String> names = new java.util.TreeSet<>();
        kieBase.getKiePackages().forEach(kiePackage -> kiePackage.getRules().forEach(rule -> names.add(rule.getName())));
        return names;
    }

    public String fileOf(String packageName, String ruleName) {
        return ruleFiles.getOrDefault(packageName + "." + ruleName, "");
    }
}
