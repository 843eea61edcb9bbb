package io.aigov.console.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.aigov.decision.rulefile.RuleFile;
import io.aigov.decision.ruleset.ThresholdsParser;

/**
 * The thresholds editor: one field per key of {@code thresholds.properties}, with the comment
 * written above it as help. An edit changes only the values, so the file keeps its comments and
 * its order, and the diff a reviewer reads shows just the numbers that moved.
 */
public final class ThresholdsForm {

    private static final Pattern ENTRY = Pattern.compile("^(\\s*)([^#!\\s=:][^=:\\s]*)(\\s*[=:]\\s*)(.*?)\\s*$");

    /** One key as the editor shows it, with what was entered and what is wrong with it. */
    public record Field(String key, String value, String help, boolean date, String error) {

        /** What the number counts, read from the key's name; blank for a date or a key that does not say. */
        public String getUnit() {
            if (date) {
                return "";
            }
            String lower = key.toLowerCase(Locale.ROOT);
            return lower.endsWith("ms") ? "ms" : lower.endsWith("weeks") ? "weeks" : lower.endsWith("months") ? "months"
                    : lower.startsWith("volume.") ? "requests a day" : lower.startsWith("examples.") ? "labelled examples"
                    : lower.startsWith("weight.") ? "points" : lower.endsWith("buffer") ? "fraction (0.4 is 40%)" : "";
        }
    }

    /** A key with the rules that read it, each linked to its place in its file. */
    public record Entry(Field field, List<RuleLocations.Located> readers) {
    }

    /** The keys the rules of one file read, under that file's name; the keys no rule reads come last, without a file. */
    public record Group(String file, List<Entry> entries) {
    }

    /**
     * The fields grouped by the file of the first rule that reads each (a pack's rules, the approach's
     * factors), in the order of the files and, within a file, of the thresholds file.
     */
    public static List<Group> grouped(List<Field> fields, List<RuleFile> ruleFiles) {
        Map<String, List<RuleLocations.Located>> readers = RuleLocations.thresholdReaders(ruleFiles);
        Map<String, List<Entry>> byFile = new java.util.LinkedHashMap<>();
        ruleFiles.stream().filter(RuleFile::isDrl).forEach(file -> byFile.put(file.name(), new ArrayList<>()));
        List<Entry> unread = new ArrayList<>();
        for (Field field : fields) {
            List<RuleLocations.Located> read = readers.getOrDefault(field.key(), List.of());
            (read.isEmpty() ? unread : byFile.get(read.get(0).file())).add(new Entry(field, read));
        }
        List<Group> groups = new ArrayList<>();
        byFile.forEach((file, entries) -> {
            if (!entries.isEmpty()) {
                groups.add(new Group(file, entries));
            }
        });
        if (!unread.isEmpty()) {
            groups.add(new Group("", unread));
        }
        return groups;
    }

    private ThresholdsForm() {
    }

    /** The fields of a thresholds file, as it is. */
    public static List<Field> fields(String content) {
        return fields(content, Map.of(), Map.of());
    }

    /** The fields with the values entered and their errors. */
    public static List<Field> fields(String content, Map<String, String> entered, Map<String, String> errors) {
        List<Field> fields = new ArrayList<>();
        List<String> comment = new ArrayList<>();
        for (String line : content.split("\\R", -1)) {
            String stripped = line.strip();
            if (stripped.startsWith("#") || stripped.startsWith("!")) {
                comment.add(stripped.substring(1).strip());
                continue;
            }
            Matcher entry = ENTRY.matcher(line);
            if (entry.matches()) {
                String key = entry.group(2);
                fields.add(new Field(key, entered.getOrDefault(key, entry.group(4)), String.join(" ", comment), key.endsWith(".date"),
                        errors.get(key)));
            }
            comment.clear();
        }
        return fields;
    }

    /** What is wrong with the values entered, by key: the same rules the ruleset's check applies. */
    public static Map<String, String> errors(Map<String, String> entered) {
        Map<String, String> errors = new java.util.LinkedHashMap<>();
        entered.forEach((key, value) -> ThresholdsParser.valueProblem(key, value).ifPresent(problem -> errors.put(key, problem)));
        return errors;
    }

    /** The file with the values entered in place of the old ones, everything else as it was. */
    public static String withValues(String content, Map<String, String> entered) {
        StringBuilder edited = new StringBuilder();
        String[] lines = content.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher entry = ENTRY.matcher(lines[i]);
            if (!lines[i].strip().startsWith("#") && entry.matches() && entered.containsKey(entry.group(2))) {
                edited.append(entry.group(1)).append(entry.group(2)).append(entry.group(3)).append(entered.get(entry.group(2)).strip());
            } else {
                edited.append(lines[i]);
            }
            if (i < lines.length - 1) {
                edited.append('\n');
            }
        }
        return edited.toString();
    }
}
