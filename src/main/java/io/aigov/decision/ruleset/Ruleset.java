package io.aigov.decision.ruleset;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.kie.api.KieBase;
import org.kie.api.runtime.KieSessionsPool;

import io.aigov.decision.model.Declarations;
import io.aigov.decision.model.RecordableText;
import io.aigov.decision.model.Thresholds;
import io.aigov.decision.rulefile.RuleFile;
import io.aigov.decision.rulefile.RuleProblem;

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

    /**
     * Refuses names a decision would repeat but a record could not keep. The safety check finds
     * such a rule name where it reads the file; this holds for rules compiled without it too, once
     * per ruleset instead of once per decision.
     */
    public Ruleset {
        List<RuleProblem> problems = new ArrayList<>();
        RecordableText.problemIn(version).ifPresent(problem -> problems.add(new RuleProblem("", 0, 0,
                "the ruleset version holds " + problem)));
        ruleFiles.forEach((rule, file) -> RecordableText.problemIn(rule).map(problem -> "the rule " + RecordableText.quoted(rule) + " holds "
                        + problem)
                .or(() -> RecordableText.problemIn(file).map(problem -> "the name of the file of rule " + RecordableText.quoted(rule)
                        + " holds " + problem))
                .ifPresent(problem -> problems.add(new RuleProblem(RecordableText.escaped(file), 0, 0,
                        problem + ": a decision that fires it could not be recorded"))));
        if (!problems.isEmpty()) {
            throw new InvalidRulesetException(problems);
        }
    }

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
