package io.aigov.console.rest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.aigov.decision.rulefile.RuleFile;

/**
 * Where rules stand in their files, for links a reader follows: the lines of a rule (a fired rule
 * highlighted in its file), and the rules that read each threshold. Read from the files' text as a
 * reader sees it; the service's decisions never depend on it.
 */
final class RuleLocations {

    /** A rule's first line: {@code rule "name"}, or a name without quotes. */
    private static final Pattern RULE = Pattern.compile("^\\s*rule\\s+(?:\"([^\"]+)\"|'([^']+)'|(\\S+))");
    private static final Pattern END = Pattern.compile("^\\s*end\\s*(//.*)?$");
    /** A threshold read by its key: {@code $t.number("key")}, {@code $t.date("key")}. */
    private static final Pattern THRESHOLD = Pattern.compile("\\.\\w+\\(\\s*\"([^\"]+)\"\\s*\\)");

    /** A rule of a file, with its first and last line (from 1). */
    record Located(String file, String rule, int first, int last) {
    }

    private RuleLocations() {
    }

    /** The rules of a DRL file, in the file's order. */
    static List<Located> rulesOf(RuleFile file) {
        List<Located> rules = new ArrayList<>();
        if (!file.isDrl()) {
            return rules;
        }
        String[] lines = file.content().split("\\R", -1);
        String name = null;
        int first = 0;
        for (int i = 0; i < lines.length; i++) {
            Matcher rule = RULE.matcher(lines[i]);
            if (name == null && rule.find()) {
                name = rule.group(1) != null ? rule.group(1) : rule.group(2) != null ? rule.group(2) : rule.group(3);
                first = i + 1;
            } else if (name != null && END.matcher(lines[i]).matches()) {
                rules.add(new Located(file.name(), name, first, i + 1));
                name = null;
            }
        }
        return rules;
    }

    /** Where a rule stands in the file, if the file holds it. */
    static Optional<Located> find(RuleFile file, String rule) {
        return rulesOf(file).stream().filter(located -> located.rule().equals(rule)).findFirst();
    }

    /** For each threshold key, the rules that read it, in the files' order; a key no rule reads is not there. */
    static Map<String, List<Located>> thresholdReaders(List<RuleFile> files) {
        Map<String, List<Located>> readers = new LinkedHashMap<>();
        for (RuleFile file : files) {
            String[] lines = file.content().split("\\R", -1);
            for (Located rule : rulesOf(file)) {
                for (int line = rule.first(); line <= rule.last(); line++) {
                    Matcher read = THRESHOLD.matcher(lines[line - 1]);
                    while (read.find()) {
                        List<Located> byKey = readers.computeIfAbsent(read.group(1), key -> new ArrayList<>());
                        if (!byKey.contains(rule)) {
                            byKey.add(rule);
                        }
                    }
                }
            }
        }
        return readers;
    }
}
