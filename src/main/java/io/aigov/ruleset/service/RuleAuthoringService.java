package io.aigov.ruleset.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

import io.aigov.ruleset.RuleFile;
import io.aigov.ruleset.RulesetCandidate;
import io.aigov.ruleset.RulesetOrigin;
import io.aigov.ruleset.config.RulesConfig;
import io.aigov.ruleset.history.RulesetHistory;
import io.aigov.ruleset.history.StoredRulesetVersion;
import io.aigov.ruleset.validation.CandidateCheck;
import io.aigov.ruleset.validation.CandidateReport;

/** What a rule author does through the API: validate a candidate, upload a file, compare versions. */
@ApplicationScoped
public class RuleAuthoringService {

    private final ActiveRuleset activeRuleset;
    private final RulesetHistory history;
    private final RulesConfig config;

    public RuleAuthoringService(ActiveRuleset activeRuleset, RulesetHistory history, RulesConfig config) {
        this.activeRuleset = activeRuleset;
        this.history = history;
        this.config = config;
    }

    /** Everything the activation gate would say about a candidate, without activating it. */
    public CandidateReport validate(RulesetCandidate candidate) {
        return CandidateCheck.run(candidate, "validation", config.maxFirings());
    }

    public enum UploadOutcome {
        ACTIVATED,
        UNCHANGED,
        REJECTED,
        NO_RULES_FOLDER
    }

    public record Upload(UploadOutcome outcome, CandidateReport report) {
    }

    /**
     * Replaces one file of the rules folder through the same gate as a saved edit: the folder's
     * files with this one replaced must pass before it becomes active, and only then is the file
     * written (atomically) to the folder, so the folder never holds a rejected file.
     */
    public Upload upload(String name, String content, RulesetOrigin origin) throws IOException {
        Path directory = activeRuleset.directory();
        if (!Files.isDirectory(directory)) {
            return new Upload(UploadOutcome.NO_RULES_FOLDER, null);
        }
        RuleFile file = new RuleFile(name, content);
        RulesetCandidate candidate = RulesetCandidate.fromDirectory(directory).with(file);
        ActiveRuleset.Activation activation = activeRuleset.activate(candidate, origin);
        boolean accepted = activation.outcome() != ActiveRuleset.Outcome.REJECTED;
        if (accepted) {
            write(directory, file);
        }
        history.recordUpload(name, activation.report().version(), origin, accepted);
        return new Upload(accepted ? UploadOutcome.valueOf(activation.outcome().name()) : UploadOutcome.REJECTED,
                activation.report());
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
        Map<String, String> before = byName(from.get().files);
        Map<String, String> after = byName(to.get().files);
        List<FileDiff> diffs = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>(before.keySet());
        names.addAll(after.keySet());
        for (String name : names) {
            String old = before.get(name);
            String now = after.get(name);
            String change = old == null ? "ADDED" : now == null ? "REMOVED" : old.equals(now) ? "UNCHANGED" : "CHANGED";
            diffs.add(new FileDiff(name, change, change.equals("UNCHANGED") ? "" : unifiedDiff(name, old, now)));
        }
        return Optional.of(diffs);
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

    private static void write(Path directory, RuleFile file) throws IOException {
        Path target = directory.resolve(file.name()).normalize();
        if (!target.startsWith(directory)) {
            throw new IllegalArgumentException("file name leaves the rules folder: " + file.name());
        }
        Files.createDirectories(target.getParent());
        Path temporary = Files.createTempFile(target.getParent(), ".upload-", ".tmp");
        Files.writeString(temporary, file.content(), StandardCharsets.UTF_8);
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
