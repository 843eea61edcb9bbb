package io.aigov.decision.ruleset;

import java.util.List;
import java.util.Map;

import org.kie.api.KieBase;

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
 * @param thresholds   the tunable numbers and dates the rules read
 * @param declarations the regimes, jurisdictions and capabilities the rules name
 * @param ruleFiles    rule identifier ("package.name") to the file that defines it
 */
public record Ruleset(String version, String source, List<RuleFile> files, KieBase kieBase, Thresholds thresholds,
        Declarations declarations, Map<String, String> ruleFiles) {

    public String fileOf(String packageName, String ruleName) {
        return ruleFiles.getOrDefault(packageName + "." + ruleName, "");
    }
}
