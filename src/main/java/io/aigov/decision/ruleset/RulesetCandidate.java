package io.aigov.decision.ruleset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.aigov.decision.model.RecordableText;
import io.aigov.decision.rulefile.RuleFile;
import io.aigov.decision.rulefile.RuleProblem;

/**
 * Files proposed to become the active ruleset: the rules themselves, and the golden cases they must
 * pass first.
 *
 * @param unreadable entries of the rules folder that were refused without being read (a symbolic
 *                   link out of the folder, a FIFO, a name no rule file may have): a candidate with
 *                   any is refused by the gate before anything else
 */
public record RulesetCandidate(List<RuleFile> rules, List<RuleFile> goldenCases, List<RuleProblem> unreadable) {

    public RulesetCandidate {
        rules = sorted(rules);
        goldenCases = sorted(goldenCases);
        unreadable = unreadable.stream().sorted(Comparator.comparing(RuleProblem::file)).toList();
    }

    public RulesetCandidate(List<RuleFile> rules, List<RuleFile> goldenCases) {
        this(rules, goldenCases, List.of());
    }

    /** What the folder holds, read without following anything out of it. */
    public static RulesetCandidate fromDirectory(Path directory) {
        RulesetSource.Folder folder = RulesetSource.readFolder(directory);
        return new RulesetCandidate(folder.rules(), folder.goldenCases(), folder.unreadable());
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
                unknown.add(new RuleProblem(RecordableText.unambiguous(file.name()), 0, 0,
                        RulesetSource.nameProblem(file.name()).orElseThrow()));
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

    /**
     * This candidate with one file added or replaced; an entry refused under that name is replaced
     * too (writing the file replaces it), any other stays refused.
     */
    public RulesetCandidate with(RuleFile file) {
        List<RuleFile> all = files();
        all.removeIf(existing -> existing.name().equals(file.name()));
        all.add(file);
        RulesetCandidate replaced = of(all);
        return new RulesetCandidate(replaced.rules(), replaced.goldenCases(),
                unreadable.stream().filter(problem -> !problem.file().equals(file.name())).toList());
    }

    public String version() {
        return RulesetVersion.of(rules);
    }

    private static List<RuleFile> sorted(List<RuleFile> files) {
        return files.stream().sorted(Comparator.comparing(RuleFile::name)).toList();
    }
}
