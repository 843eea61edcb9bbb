package io.aigov.ruleset.service;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;

import io.aigov.decision.model.RecordableText;
import io.aigov.decision.rulefile.RuleFile;
import io.aigov.decision.rulefile.RuleProblem;
import io.aigov.decision.ruleset.InvalidRulesetException;
import io.aigov.decision.ruleset.RulesetCandidate;
import io.aigov.decision.ruleset.RulesetSource;
import io.aigov.ruleset.RulesetOrigin;
import io.aigov.ruleset.history.RuleChange;
import io.aigov.ruleset.history.RulesetHistory;
import io.aigov.ruleset.history.StoredRulesetVersion;
import io.aigov.ruleset.validation.CandidateCheck;
import io.aigov.ruleset.validation.CandidateReport;

/** What a rule author asks of candidates and versions without changing anything: validate a candidate, compare versions. */
@ApplicationScoped
public class RuleAuthoringService {

    private final RulesetHistory history;
    private final CandidateCheck candidateCheck;
    private final ActiveRuleset activeRuleset;

    public RuleAuthoringService(RulesetHistory history, CandidateCheck candidateCheck, ActiveRuleset activeRuleset) {
        this.history = history;
        this.candidateCheck = candidateCheck;
        this.activeRuleset = activeRuleset;
    }

    /**
     * Everything the activation gate would say about a candidate, without activating it.
     *
     * @throws io.aigov.ruleset.isolation.service.CheckCapacityException when the requester's check cannot be taken now
     */
    public CandidateReport validate(RulesetCandidate candidate, String requester) {
        return candidateCheck.run(candidate, activeRuleset.currentOrNull(), requester);
    }

    public record FileDiff(String name, String change, String diff) {
    }

    /** A unified diff per file between two stored versions; empty when a version is unknown. */
    public Optional<List<FileDiff>> diff(String fromId, String toId) {
        Optional<StoredRulesetVersion> from = history.version(fromId);
        Optional<StoredRulesetVersion> to = history.version(toId);
        if (from.isEmpty() || to.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(diff(from.get().files, to.get().files));
    }

    /** A unified diff per file between two sets of rule files, such as a stored version and a pending change. */
    public static List<FileDiff> diff(List<RuleFile> from, List<RuleFile> to) {
        Map<String, String> before = byName(from);
        Map<String, String> after = byName(to);
        List<FileDiff> diffs = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>(before.keySet());
        names.addAll(after.keySet());
        for (String name : names) {
            String old = before.get(name);
            String now = after.get(name);
            String change = old == null ? "ADDED" : now == null ? "REMOVED" : old.equals(now) ? "UNCHANGED" : "CHANGED";
            diffs.add(new FileDiff(name, change, change.equals("UNCHANGED") ? "" : unifiedDiff(name, old, now)));
        }
        return diffs;
    }

    private static String unifiedDiff(String name, String before, String after) {
        List<String> oldLines = before == null ? List.of() : before.lines().toList();
        List<String> newLines = after == null ? List.of() : after.lines().toList();
        List<String> diff = UnifiedDiffUtils.generateUnifiedDiff(before == null ? "/dev/null" : "a/" + name,
                after == null ? "/dev/null" : "b/" + name, oldLines, DiffUtils.diff(oldLines, newLines), 3);
        return String.join("\n", diff) + "\n";
    }

    private static Map<String, String> byName(List<RuleFile> files) {
        return files.stream().collect(Collectors.toMap(RuleFile::name, RuleFile::content, (a, b) -> b, TreeMap::new));
    }
}
