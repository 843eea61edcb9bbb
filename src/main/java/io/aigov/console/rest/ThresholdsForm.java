package io.aigov.console.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
