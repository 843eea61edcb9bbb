package io.aigov.console.rest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsParserException;

import io.aigov.decision.rulefile.RuleFile;

/**
 * Where rules stand in their files, for links a reader follows: the lines of a rule (a fired rule
 * highlighted in its file), and the rules that read each threshold. The files shown are those of a
 * ruleset that served, which passed the safety check; the service's decisions never depend on this.
 */
final class RuleLocations {

    /** A threshold read by its key: {@code $t.number("key")}, {@code $t.date("key")}. */
    private static final Pattern THRESHOLD = Pattern.compile("\\.\\w+\\(\\s*\"([^\"]+)\"\\s*\\)");

    /** A rule of a file, with its first and last line (from 1). */
    record Located(String file, String rule, int first, int last) {
    }

    private RuleLocations() {
    }

    /** The rules of a DRL file, in the file's order, as Drools' parser places them; none when the file does not parse. */
    static List<Located> rulesOf(RuleFile file) {
        if (!file.isDrl()) {
            return List.of();
        }
        DrlParser parser = new DrlParser();
        PackageDescr drl;
        try {
            drl = parser.parse(false, file.content());
        } catch (DroolsParserException unparsable) {
            return List.of();
        }
        if (parser.hasErrors() || drl == null) {
            return List.of();
        }
        return drl.getRules().stream().map(rule -> new Located(file.name(), rule.getName(), rule.getLine(), rule.getEndLine())).toList();
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
