package io.aigov.decision.ruleset;

import java.io.IOException;
import java.io.StringReader;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import io.aigov.decision.model.Thresholds;

/**
 * Turns {@code thresholds.properties} into {@link Thresholds}. Keys ending in {@code .date} hold ISO
 * dates (2027-12-02); every other key holds a finite, non-negative number, since no volume, count,
 * duration, latency, buffer or weight the rules use can be negative.
 */
public final class ThresholdsParser {

    private ThresholdsParser() {
    }

    static Thresholds parse(String content) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(content));
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidRulesetException(List.of(problem(content, null, "cannot be read: " + e.getMessage())));
        }
        Map<String, Double> numbers = new HashMap<>();
        Map<String, LocalDate> dates = new HashMap<>();
        List<RuleProblem> problems = new ArrayList<>();
        for (String key : properties.stringPropertyNames()) {
            String value = properties.getProperty(key).strip();
            Optional<String> problem = valueProblem(key, value);
            if (problem.isPresent()) {
                problems.add(problem(content, key, key + " = '" + value + "' " + problem.get()));
            } else if (key.endsWith(".date")) {
                dates.put(key, LocalDate.parse(value));
            } else {
                numbers.put(key, Double.parseDouble(value));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRulesetException(problems);
        }
        return new Thresholds(numbers, dates);
    }

    /** What is wrong with a value for this key, if anything: dates for keys ending in .date, numbers of zero or more for the rest. */
    public static Optional<String> valueProblem(String key, String value) {
        if (key.endsWith(".date")) {
            try {
                LocalDate.parse(value.strip());
                return Optional.empty();
            } catch (DateTimeParseException e) {
                return Optional.of("is not a date like 2027-12-02");
            }
        }
        try {
            double number = Double.parseDouble(value.strip());
            return Double.isFinite(number) && number >= 0 ? Optional.empty() : Optional.of("must be a number of zero or more");
        } catch (NumberFormatException e) {
            return Optional.of("is not a number");
        }
    }

    private static RuleProblem problem(String content, String key, String message) {
        return new RuleProblem(RulesetSource.THRESHOLDS_FILE, key == null ? 0 : lineOf(content, key), key == null ? 0 : 1,
                message);
    }

    private static int lineOf(String content, String key) {
        String[] lines = content.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.startsWith(key) && line.substring(key.length()).stripLeading().matches("^[=:].*")) {
                return i + 1;
            }
        }
        return 0;
    }
}
