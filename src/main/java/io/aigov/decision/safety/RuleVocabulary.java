package io.aigov.decision.safety;

import java.time.LocalDate;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.aigov.decision.model.Answers;
import io.aigov.decision.model.Approach;
import io.aigov.decision.model.Assessment;
import io.aigov.decision.model.Capability;
import io.aigov.decision.model.Consistency;
import io.aigov.decision.model.Domain;
import io.aigov.decision.model.EvaluationDate;
import io.aigov.decision.model.ExposureLevel;
import io.aigov.decision.model.Question;
import io.aigov.decision.model.Regime;
import io.aigov.decision.model.Thresholds;
import io.aigov.decision.model.UseCase;
import io.aigov.decision.model.Verdict;
import io.aigov.decision.model.Vocabulary;

/**
 * Everything rule code may name: the fact model, a few library types, and for each type the
 * methods that may be called on it. Anything not listed here is refused, so a new capability for
 * rule authors is a line added here after asking what it could reach, never an accident.
 *
 * <p>Every method listed is pure and bounded: it reads or builds values, cannot reach a class, a
 * file, the network, a thread or the clock, and gives the same answer on every run.
 */
final class RuleVocabulary {

    static final String MODEL_PACKAGE = UseCase.class.getPackageName();

    /** The facts the engine inserts: rules match them and call their methods. */
    static final List<Class<?>> FACTS = List.of(UseCase.class, Assessment.class, Thresholds.class, EvaluationDate.class, Answers.class);

    static final List<Class<?>> MODEL_ENUMS = List.of(Approach.class, Capability.class, Consistency.class, Domain.class,
            ExposureLevel.class, Regime.class, Verdict.class, Vocabulary.class);

    /** Library types rules may name without an import (they live in java.lang). */
    static final List<Class<?>> LANG_TYPES = List.of(String.class, Math.class, Integer.class, Long.class, Double.class,
            Boolean.class, Character.class);

    /** Library types a rule file may import. */
    static final List<Class<?>> IMPORTABLE_LIBRARY_TYPES = List.of(List.class, Set.class, LocalDate.class);

    /**
     * The methods of the fact model that change the assessment: allowed inside {@code modify} of the
     * assessment (and called directly, as rules do for reasons and warnings).
     */
    static final Set<String> DECISION_METHODS = Set.of("favourPrompting", "favourFineTuning", "ruleOutFineTuning",
            "recommend", "recommendRetrieval", "expose", "oblige", "requireHighAudit", "decide", "warn", "because");

    /**
     * The methods of {@link Answers}, each with the type of question it reads (null: any type, or any choice for
     * chose): their first argument names a question, which must be written as text and be declared.
     */
    static final Map<String, Set<Question.Type>> QUESTION_READERS = Map.of(
            "answered", EnumSet.allOf(Question.Type.class),
            "yes", EnumSet.of(Question.Type.YES_NO),
            "choice", EnumSet.of(Question.Type.ONE_CHOICE),
            "chose", EnumSet.of(Question.Type.ONE_CHOICE, Question.Type.SEVERAL_CHOICES),
            "wholeNumber", EnumSet.of(Question.Type.WHOLE_NUMBER),
            "decimal", EnumSet.of(Question.Type.DECIMAL),
            "date", EnumSet.of(Question.Type.DATE),
            "text", EnumSet.of(Question.Type.TEXT));

    private static final Set<String> ENUM_METHODS = Set.of("name", "ordinal", "equals", "compareTo", "toString");
    private static final Set<String> NUMBER_METHODS = Set.of("intValue", "longValue", "doubleValue", "equals", "compareTo",
            "toString");

    private static final Map<Class<?>, Set<String>> INSTANCE_METHODS = Map.ofEntries(
            Map.entry(Assessment.class, union(DECISION_METHODS, Set.of("getPromptingScore", "getFineTuningScore",
                    "isFineTuningViable", "getApproach", "isRagRecommended", "getVerdict", "getHighestExposure",
                    "isAuditRequirementHigh", "getWarnings"))),
            Map.entry(Thresholds.class, Set.of("number", "text", "date")),
            Map.entry(Answers.class, QUESTION_READERS.keySet()),
            Map.entry(UseCase.class, union(Set.of("has", "inJurisdiction"), recordComponents(UseCase.class))),
            Map.entry(EvaluationDate.class, Set.of("date", "before", "onOrAfter")),
            Map.entry(ExposureLevel.class, union(ENUM_METHODS, Set.of("isAtLeast"))),
            Map.entry(String.class, Set.of("length", "isEmpty", "isBlank", "contains", "startsWith", "endsWith", "equals",
                    "equalsIgnoreCase", "compareTo", "strip", "indexOf", "substring", "toString")),
            Map.entry(Collection.class, Set.of("size", "isEmpty", "contains", "equals")),
            Map.entry(LocalDate.class, Set.of("isBefore", "isAfter", "isEqual", "getYear", "getMonthValue", "getDayOfMonth",
                    "plusDays", "plusWeeks", "plusMonths", "plusYears", "minusDays", "minusWeeks", "minusMonths",
                    "minusYears", "compareTo", "equals", "toString")),
            Map.entry(Integer.class, NUMBER_METHODS),
            Map.entry(Long.class, NUMBER_METHODS),
            Map.entry(Double.class, NUMBER_METHODS),
            Map.entry(Boolean.class, Set.of("booleanValue", "equals", "toString")));

    private static final Map<Class<?>, Set<String>> STATIC_METHODS = Map.of(
            Math.class, Set.of("min", "max", "abs", "round", "floor", "ceil"),
            String.class, Set.of("format", "join", "valueOf"),
            List.class, Set.of("of"),
            Set.class, Set.of("of"),
            LocalDate.class, Set.of("of"));

    private RuleVocabulary() {
    }

    static boolean isFact(Class<?> type) {
        return FACTS.contains(type);
    }

    static Optional<Class<?>> modelType(String simpleName) {
        return Stream.concat(FACTS.stream(), MODEL_ENUMS.stream()).filter(t -> t.getSimpleName().equals(simpleName))
                .findFirst();
    }

    static Optional<Class<?>> langType(String simpleName) {
        return LANG_TYPES.stream().filter(t -> t.getSimpleName().equals(simpleName)).findFirst();
    }

    /** The library type of this simple name that a file could import, for the message when it did not. */
    static Optional<Class<?>> importableBySimpleName(String simpleName) {
        return IMPORTABLE_LIBRARY_TYPES.stream().filter(t -> t.getSimpleName().equals(simpleName)).findFirst();
    }

    static Optional<Class<?>> importableLibraryType(String qualifiedName) {
        return IMPORTABLE_LIBRARY_TYPES.stream().filter(t -> t.getName().equals(qualifiedName)).findFirst();
    }

    /** Whether {@code name} may be called on a value of {@code type} (or of one of its supertypes in the table). */
    static boolean instanceMethodAllowed(Class<?> type, String name) {
        if (type.isEnum() && MODEL_ENUMS.contains(type) && ENUM_METHODS.contains(name)) {
            return true;
        }
        return INSTANCE_METHODS.entrySet().stream()
                .anyMatch(entry -> entry.getKey().isAssignableFrom(type) && entry.getValue().contains(name));
    }

    static boolean staticMethodAllowed(Class<?> type, String name) {
        return STATIC_METHODS.getOrDefault(type, Set.of()).contains(name);
    }

    /** The properties a constraint may read by name: record components, or getters without the get/is prefix. */
    static Map<String, String> properties(Class<?> type) {
        if (type.isRecord()) {
            return Stream.of(type.getRecordComponents())
                    .collect(Collectors.toMap(c -> c.getName(), c -> c.getAccessor().getName()));
        }
        return INSTANCE_METHODS.getOrDefault(type, Set.of()).stream()
                .filter(m -> m.startsWith("get") && m.length() > 3 || m.startsWith("is") && m.length() > 2)
                .collect(Collectors.toMap(RuleVocabulary::propertyName, m -> m));
    }

    /** One line per type for the messages authors see. */
    static String typeRefusal(String simpleName) {
        return importableBySimpleName(simpleName).map(t -> "type '" + simpleName + "' needs 'import " + t.getName() + ";'")
                .orElse("type '" + simpleName + "' is not allowed in rules: rules may use only " + describe());
    }

    static String describe() {
        return "the fact model (" + Stream.concat(FACTS.stream(), MODEL_ENUMS.stream()).map(Class::getSimpleName)
                .collect(Collectors.joining(", ")) + "), types declared in the rules, and " + Stream.concat(
                        LANG_TYPES.stream().map(Class::getSimpleName), IMPORTABLE_LIBRARY_TYPES.stream().map(Class::getName))
                .collect(Collectors.joining(", "));
    }

    private static String propertyName(String getter) {
        String bare = getter.startsWith("get") ? getter.substring(3) : getter.substring(2);
        return Character.toLowerCase(bare.charAt(0)) + bare.substring(1);
    }

    private static Set<String> recordComponents(Class<?> record) {
        return Stream.of(record.getRecordComponents()).map(c -> c.getName()).collect(Collectors.toUnmodifiableSet());
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        return Stream.of(sets).flatMap(Set::stream).collect(Collectors.toUnmodifiableSet());
    }
}
