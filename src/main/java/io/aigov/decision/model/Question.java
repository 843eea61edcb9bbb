package io.aigov.decision.model;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A question a regulation pack asks about a use case, declared in its {@code .properties} file
 * ({@code question.<id>.type}, {@code .label}, ...): what the API accepts as its answer, what the
 * console shows, and what rules read through {@link Answers}. A pack that needs an input the
 * service does not have declares it, and no Java changes.
 *
 * @param pack      the file that declares it, without {@code .properties}: questions are grouped by it
 * @param packTitle the pack as people read its name: the title of the first regime its file declares, else the file's name
 * @param choices   for a choice, each code with its label, in the declared order; empty otherwise
 * @param unit      for a number, what it counts (days, employees); null otherwise
 * @param maxLength for text, the longest answer accepted
 * @param askedWhen when the question is asked at all: every condition holds; null when it always is
 * @param fallback  the value rules read when it is not answered (as {@link #problemWith} accepts it); null for none
 */
public record Question(String id, String pack, String packTitle, Type type, String label, String help, Map<String, String> choices, String unit,
        boolean required, int maxLength, AskedWhen askedWhen, @JsonProperty("default") Object fallback) {

    /** What a question's answer is, by its code in a declaration. */
    public enum Type {
        YES_NO("yes-no"), ONE_CHOICE("one-choice"), SEVERAL_CHOICES("several-choices"), WHOLE_NUMBER("whole-number"),
        DECIMAL("decimal"), DATE("date"), TEXT("text");

        private final String code;

        Type(String code) {
            this.code = code;
        }

        @JsonValue
        public String code() {
            return code;
        }

        public static Optional<Type> ofCode(String code) {
            return Arrays.stream(values()).filter(type -> type.code.equals(code)).findFirst();
        }

        public boolean isChoice() {
            return this == ONE_CHOICE || this == SEVERAL_CHOICES;
        }

        public boolean isNumber() {
            return this == WHOLE_NUMBER || this == DECIMAL;
        }
    }

    /**
     * When a question is asked: the subject (a field of the use case, or another question) has one of
     * the values, or holds one of them ({@code jurisdictions has US-CO, US-CA}; {@code domain is EMPLOYMENT};
     * {@code decision-area is HOUSING}).
     */
    public record Condition(String subject, boolean holds, List<String> values) {

        boolean holdsFor(Set<String> jurisdictions, Set<String> capabilities, Map<String, String> fields, Map<String, Object> answers) {
            Collection<?> held = switch (subject) {
                case "jurisdictions" -> jurisdictions;
                case "capabilities" -> capabilities;
                default -> {
                    if (fields.containsKey(subject)) {
                        yield List.of(fields.get(subject));
                    }
                    Object answer = answers.get(subject);
                    yield answer instanceof Collection<?> codes ? codes
                            : answer instanceof Boolean yes ? List.of(yes ? "yes" : "no")
                            : answer == null ? List.of() : List.of(answer.toString());
                }
            };
            return values.stream().anyMatch(held::contains);
        }

        public Condition {
            values = List.copyOf(values);
        }

        @Override
        public String toString() {
            return subject + (holds ? " has " : " is ") + String.join(", ", values);
        }
    }

    /** Conditions that all hold when a question is asked: {@code domain is EMPLOYMENT and jurisdictions has US-IL}. */
    public record AskedWhen(List<Condition> conditions) {

        public AskedWhen {
            conditions = List.copyOf(conditions);
        }

        /** The fields and questions the conditions read. */
        public List<String> subjects() {
            return conditions.stream().map(Condition::subject).toList();
        }

        @Override
        @JsonValue
        public String toString() {
            return String.join(" and ", conditions.stream().map(Condition::toString).toList());
        }
    }

    /** Whole numbers and decimals beyond this are refused: a count or amount, not an identifier, and exact as a double. */
    public static final double LARGEST_NUMBER = 1e15;
    /** Text answers are short; a declaration may allow up to this. */
    public static final int LONGEST_TEXT = 2_000;
    public static final int DEFAULT_TEXT_LENGTH = 200;

    public Question {
        choices = choices.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(choices));
    }

    /**
     * What is wrong with a given answer (a JSON value as Jackson reads it), as a message that can
     * follow the question's name; empty when it fits.
     */
    public Optional<String> problemWith(Object answer) {
        return switch (type) {
            case YES_NO -> answer instanceof Boolean ? Optional.empty() : Optional.of("must be true or false");
            case ONE_CHOICE -> answer instanceof String code && choices.containsKey(code) ? Optional.empty()
                    : Optional.of(notAChoice(answer));
            case SEVERAL_CHOICES -> {
                if (!(answer instanceof Collection<?> codes)) {
                    yield Optional.of("must be a list of choices: " + String.join(", ", choices.keySet()));
                }
                yield codes.stream().filter(code -> !(code instanceof String text && choices.containsKey(text))).findFirst()
                        .map(this::notAChoice);
            }
            case WHOLE_NUMBER -> answer instanceof Number number && isWhole(number) && Math.abs(number.doubleValue()) <= LARGEST_NUMBER
                    ? Optional.empty() : Optional.of("must be a whole number of at most " + (long) LARGEST_NUMBER);
            case DECIMAL -> answer instanceof Number number && Double.isFinite(number.doubleValue())
                    && Math.abs(number.doubleValue()) <= LARGEST_NUMBER ? Optional.empty()
                    : Optional.of("must be a number of at most " + (long) LARGEST_NUMBER);
            case DATE -> answer instanceof String text && isDate(text) ? Optional.empty()
                    : Optional.of("must be a date like 2027-01-01");
            case TEXT -> {
                if (!(answer instanceof String text)) {
                    yield Optional.of("must be text");
                }
                if (text.length() > maxLength) {
                    yield Optional.of("must be at most " + maxLength + " characters");
                }
                yield RecordableText.refusedCharacterIn(text).map(refused -> "holds " + refused + ", which an answer may not");
            }
        };
    }

    /** The answer as kept and as rules read it, once {@link #problemWith} accepts it: choices sorted, numbers as Long or Double. */
    public Object normalised(Object answer) {
        return switch (type) {
            case SEVERAL_CHOICES -> List.copyOf(new TreeSet<>(((Collection<?>) answer).stream().map(String.class::cast).toList()));
            case WHOLE_NUMBER -> ((Number) answer).longValue();
            case DECIMAL -> ((Number) answer).doubleValue();
            default -> answer;
        };
    }

    /** Whether the question is asked about a use case, given what it answered so far. */
    public boolean isAsked(Set<String> jurisdictions, Set<String> capabilities, Map<String, String> fields, Map<String, Object> answers) {
        return askedWhen == null || askedWhen.conditions().stream().allMatch(condition -> condition.holdsFor(jurisdictions, capabilities,
                fields, answers));
    }

    private String notAChoice(Object answer) {
        return (answer instanceof String code ? RecordableText.quoted(code) + " is not one of its choices" : "must be one of its choices")
                + ": " + String.join(", ", choices.keySet());
    }

    private static boolean isWhole(Number number) {
        double value = number.doubleValue();
        return Double.isFinite(value) && value == Math.rint(value);
    }

    private static boolean isDate(String text) {
        try {
            LocalDate.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
