package io.aigov.decision.ruleset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Files proposed to become the active ruleset: the rules themselves, and the golden cases they must
 * pass first.
 */
public record RulesetCandidate(List<RuleFile> rules, List<RuleFile> goldenCases) {

    public RulesetCandidate {
        rules = sorted(rules);
        goldenCases = sorted(goldenCases);
    }

    public static RulesetCandidate fromDirectory(Path directory) {
        return new RulesetCandidate(RulesetSource.fromDirectory(directory), RulesetSource.goldenCasesFromDirectory(directory));
    }

    public static RulesetCandidate bundled() {
        return new RulesetCandidate(RulesetSource.bundled(), RulesetSource.bundledGoldenCases());
    }

    /** Splits files named relative to the rules folder into rules and golden cases; anything else is refused. */
    public static RulesetCandidate of(List<RuleFile> files) {
        List<RuleFile> rules = new ArrayList<>();
        List<RuleFile> goldenCases = new ArrayList<>();
        List<RuleProblem> unknown = new ArrayList<>();
        for (RuleFile file : files) {
            if (RulesetSource.isRulesetFile(file.name())) {
                rules.add(file);
            } else if (RulesetSource.isGoldenCaseFile(file.name())) {
                goldenCases.add(file);
            } else {
                unknown.add(new RuleProblem(file.name(), 0, 0,
                        "is not a rule file: expected a .drl file or thresholds.properties at the top, or tests/<name>.json"));
            }
        }
        if (!unknown.isEmpty()) {
            throw new InvalidRulesetException(unknown);
        }
        return new RulesetCandidate(rules, goldenCases);
    }

    /** Every file of the candidate: its rules, then its golden cases. */
    public List<RuleFile> files() {
        List<RuleFile> all = new ArrayList<>(rules);
        all.addAll(goldenCases);
        return all;
    }

    /** This candidate with one file added or replaced. */
    public RulesetCandidate with(RuleFile file) {
        List<RuleFile> all = files();
        all.removeIf(existing -> existing.name().equals(file.name()));
        all.add(file);
        return of(all);
    }

    public String version() {
        return RulesetVersion.of(rules);
    }

    private static List<RuleFile> sorted(List<RuleFile> files) {
        return files.stream().sorted(Comparator.comparing(RuleFile::name)).toList();
    }
}
