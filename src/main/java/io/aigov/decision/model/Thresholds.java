package io.aigov.decision.model;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;

/**
 * The numbers and dates a rule author tunes, read from {@code thresholds.properties} and handed to
 * the rules as a fact. Rules look values up by key, so a new rule can bring a new key without a
 * Java change.
 */
public final class Thresholds {

    private final Map<String, Double> numbers;
    private final Map<String, LocalDate> dates;

    public Thresholds(Map<String, Double> numbers, Map<String, LocalDate> dates) {
        // Hashed: rules look a threshold up in nearly every condition and consequence.
        this.numbers = Map.copyOf(numbers);
        this.dates = Map.copyOf(dates);
    }

    public double number(String key) {
        Double value = numbers.get(key);
        if (value == null) {
            throw new RuleContractException("thresholds.properties has no number " + RecordableText.quoted(key));
        }
        return value;
    }

    /** A number as a person writes it, for reasons: 2 rather than 2.0, 0.4 rather than 0.40000. */
    public String text(String key) {
        return BigDecimal.valueOf(number(key)).stripTrailingZeros().toPlainString();
    }

    /** Every date by its key: the days on which what the rules decide may change. */
    public Map<String, LocalDate> dates() {
        return dates;
    }

    public LocalDate date(String key) {
        LocalDate value = dates.get(key);
        if (value == null) {
            throw new RuleContractException("thresholds.properties has no date " + RecordableText.quoted(key));
        }
        return value;
    }
}
