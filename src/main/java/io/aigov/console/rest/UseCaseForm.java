package io.aigov.console.rest;

import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.core.MultivaluedMap;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.aigov.decision.explain.Counterfactuals;
import io.aigov.decision.model.Declarations;
import io.aigov.decision.model.Question;
import io.aigov.decision.model.UseCase;

/**
 * The "new evaluation" form, made from the request type itself: one field per field of
 * {@link UseCase}, with its help text from the API's description, so the form and the API never
 * drift apart. What a browser posts is turned into the JSON the API would receive, and bound with
 * the API's own validation.
 */
public final class UseCaseForm {

    /** How a field is entered. */
    public enum Kind {
        TEXT, LONG_TEXT, WHOLE_NUMBER, NUMBER, CHOICE, YES_NO, CHOICES
    }

    /** One field of the form. */
    public record Field(String name, String label, String help, Kind kind, boolean required, List<String> options) {

        public boolean isText() {
            return kind == Kind.TEXT;
        }

        public boolean isLongText() {
            return kind == Kind.LONG_TEXT;
        }

        public boolean isNumber() {
            return kind == Kind.WHOLE_NUMBER || kind == Kind.NUMBER;
        }

        public String getStep() {
            return kind == Kind.WHOLE_NUMBER ? "1" : "any";
        }

        public boolean isChoice() {
            return kind == Kind.CHOICE;
        }

        public boolean isYesNo() {
            return kind == Kind.YES_NO;
        }

        public boolean isChoices() {
            return kind == Kind.CHOICES;
        }

        Field withOptions(List<String> declared) {
            return new Field(name, label, help, kind, required, declared);
        }
    }

    private static final Map<String, String> LABELS = Map.ofEntries(Map.entry("name", "Name"),
            Map.entry("description", "Description"), Map.entry("dailyRequestVolume", "Daily request volume"),
            Map.entry("consistency", "Output consistency"), Map.entry("labeledExamples", "Clean labelled examples"),
            Map.entry("stableMonths", "Months the requirements stay stable"),
            Map.entry("timeToProductionWeeks", "Weeks to production"), Map.entry("latencyBudgetMs", "Latency budget (ms)"),
            Map.entry("vocabulary", "Vocabulary"), Map.entry("needsCurrentKnowledge", "Needs current knowledge"),
            Map.entry("agentic", "Agentic (calls tools or orchestrates steps)"), Map.entry("domain", "Business area"),
            Map.entry("influencesDecisionsAboutPeople", "Influences decisions about people"),
            Map.entry("profilesPeople", "Profiles people"), Map.entry("capabilities", "Capabilities"),
            Map.entry("jurisdictions", "Jurisdictions"),
            Map.entry("processesPhi", "Handles protected health information (HIPAA)"),
            Map.entry("affectsFinancialReporting", "Affects financial reporting (SOX)"));
    /**
     * The request's own way of saying "EU among the jurisdictions", which the form asks for there, and
     * the answers to the packs' questions, which the form asks question by question ({@link QuestionView}).
     */
    private static final Set<String> NOT_ASKED = Set.of("euExposure", "answers");
    /** Where the form posts what is entered so far, to be shown the questions it asks then. */
    private static final String ANSWER = "answers.";
    private static final JsonMapper JSON = new JsonMapper();
    /** A choice's code as a request writes it (STRICT, INDUSTRY_SPECIFIC). */
    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]*");
    /** Where a description points API clients to an endpoint or lists codes, which the form's own lists show. */
    private static final Pattern API_REFERENCE = Pattern.compile(",? as the active rules declare \\w+ \\(GET /api/[^)]*\\)(: [^;]*)?| \\(GET /api/[^)]*\\)");
    private static final List<Field> FIELDS = fieldsOf(UseCase.class);

    private UseCaseForm() {
    }

    /** The fields, the choices of capabilities and jurisdictions being what the active rules declare. */
    public static List<Field> fields(Declarations declarations) {
        return FIELDS.stream().map(field -> switch (field.name()) {
            case "capabilities" -> field.withOptions(declarations.capabilities().stream().map(Declarations.DeclaredCapability::code).toList());
            case "jurisdictions" -> field.withOptions(declarations.jurisdictions().stream().map(Declarations.DeclaredJurisdiction::code).toList());
            default -> field;
        }).toList();
    }

    /**
     * The body the API would have received for what the browser posted: blank fields left out, numbers
     * as numbers, and the answers to the questions asked, each as its type is written in JSON.
     */
    public static ObjectNode toJson(MultivaluedMap<String, String> posted, Declarations declarations) {
        ObjectNode json = fieldsJson(posted);
        Map<String, JsonNode> answers = postedAnswers(posted, declarations);
        answers.keySet().retainAll(asked(posted, declarations));
        if (!answers.isEmpty()) {
            json.set("answers", JSON.createObjectNode().setAll(answers));
        }
        return json;
    }

    /**
     * What the browser posted for each question, as its type is written in JSON: yes or no as true or
     * false, several choices as a list, numbers as numbers; what fits no type goes on as text, for
     * the API's message about it. Questions left blank are left out.
     */
    private static Map<String, JsonNode> postedAnswers(MultivaluedMap<String, String> posted, Declarations declarations) {
        Map<String, JsonNode> answers = new java.util.LinkedHashMap<>();
        for (Question question : declarations.questions()) {
            List<String> values = posted.getOrDefault(ANSWER + question.id(), List.of()).stream().map(String::strip)
                    .filter(value -> !value.isEmpty()).toList();
            if (values.isEmpty()) {
                continue;
            }
            String value = values.get(0);
            answers.put(question.id(), switch (question.type()) {
                case YES_NO -> value.equals("yes") || value.equals("no") ? JSON.getNodeFactory().booleanNode(value.equals("yes"))
                        : JSON.getNodeFactory().textNode(value);
                case SEVERAL_CHOICES -> JSON.valueToTree(values);
                case WHOLE_NUMBER, DECIMAL -> number(value);
                default -> JSON.getNodeFactory().textNode(value);
            });
        }
        return answers;
    }

    /**
     * The questions asked about what is entered so far: a question whose condition does not hold is
     * not asked, and what was entered for it before is not sent.
     */
    static Set<String> asked(MultivaluedMap<String, String> posted, Declarations declarations) {
        UseCase entered;
        try {
            entered = declarations.understood(JSON.treeToValue(fieldsJson(posted), UseCase.class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            // Fields the API will refuse: the questions are asked as if they were not entered.
            entered = declarations.understood(JSON.convertValue(Map.of("name", "-"), UseCase.class));
        }
        Map<String, Object> answers = new java.util.HashMap<>();
        postedAnswers(posted, declarations).forEach((id, answer) -> answers.put(id, JSON.convertValue(answer, Object.class)));
        // A question asked on another's answer is asked only while that one is: until nothing more drops out.
        Set<String> asked = declarations.asked(entered, answers);
        while (answers.keySet().retainAll(asked)) {
            asked = declarations.asked(entered, answers);
        }
        return asked;
    }

    private static ObjectNode fieldsJson(MultivaluedMap<String, String> posted) {
        ObjectNode json = JSON.createObjectNode();
        for (Field field : FIELDS) {
            List<String> values = posted.getOrDefault(field.name(), List.of());
            String value = values.isEmpty() ? "" : values.get(0).strip();
            switch (field.kind()) {
                case YES_NO -> json.put(field.name(), !value.isEmpty());
                case CHOICES -> {
                    ArrayNode chosen = json.putArray(field.name());
                    values.forEach(chosen::add);
                }
                case WHOLE_NUMBER, NUMBER -> {
                    if (!value.isEmpty()) {
                        json.set(field.name(), number(value));
                    }
                }
                default -> {
                    if (!value.isEmpty()) {
                        json.put(field.name(), value);
                    }
                }
            }
        }
        return json;
    }

    /**
     * A question of a pack as the page shows it: what was entered, what is wrong with it, and whether
     * other questions depend on its answer (changing it asks the page again).
     */
    public record QuestionView(Question question, List<String> entered, String error, boolean decidesOthers) {

        public String getName() {
            return ANSWER + question.id();
        }

        public String getValue() {
            return entered.isEmpty() ? "" : entered.get(0);
        }

        public boolean has(String option) {
            return entered.contains(option);
        }

        public boolean isYesNo() {
            return question.type() == Question.Type.YES_NO;
        }

        public boolean isOneChoice() {
            return question.type() == Question.Type.ONE_CHOICE;
        }

        public boolean isSeveralChoices() {
            return question.type() == Question.Type.SEVERAL_CHOICES;
        }

        public boolean isNumber() {
            return question.type().isNumber();
        }

        public String getStep() {
            return question.type() == Question.Type.WHOLE_NUMBER ? "1" : "any";
        }

        public boolean isDate() {
            return question.type() == Question.Type.DATE;
        }
    }

    /** One pack's questions, under its title. */
    public record QuestionGroup(String title, List<QuestionView> questions) {
    }

    /** The questions asked about what is entered so far, by pack, each with what was entered and the API's message about it. */
    public static List<QuestionGroup> questions(MultivaluedMap<String, String> posted, Map<String, String> errors, Declarations declarations) {
        Set<String> asked = asked(posted, declarations);
        Set<String> subjects = subjects(declarations);
        Map<String, List<QuestionView>> byPack = new java.util.LinkedHashMap<>();
        Map<String, String> titles = new java.util.HashMap<>();
        for (Question question : declarations.questions()) {
            if (asked.contains(question.id())) {
                titles.put(question.pack(), question.packTitle());
                byPack.computeIfAbsent(question.pack(), pack -> new ArrayList<>()).add(new QuestionView(question,
                        posted.getOrDefault(ANSWER + question.id(), List.of()), errors.get(ANSWER + question.id()),
                        subjects.contains(question.id())));
            }
        }
        return byPack.entrySet().stream().map(entry -> new QuestionGroup(titles.get(entry.getKey()), entry.getValue())).toList();
    }

    /** What the questions' conditions read: the fields and questions whose change may ask other questions. */
    public static Set<String> subjects(Declarations declarations) {
        Set<String> subjects = new java.util.HashSet<>();
        declarations.questions().stream().filter(question -> question.askedWhen() != null)
                .forEach(question -> subjects.addAll(question.askedWhen().subjects()));
        return subjects;
    }

    /** A field of a use case as a record page shows it: the form's label and the value in words. */
    public record InputLine(String label, String value) {
    }

    /**
     * Every field of a use case but its name (the page's heading), in the form's order with the form's
     * labels: yes or no, choices in words, capabilities and jurisdictions by the titles the active
     * rules declare (a code they no longer declare as it was given), "Not given" for a field left out.
     */
    public static List<InputLine> described(UseCase input, Declarations declarations) {
        if (input == null) {
            return List.of();
        }
        Map<String, String> titles = codeTitles(declarations);
        List<InputLine> lines = new ArrayList<>();
        for (RecordComponent component : UseCase.class.getRecordComponents()) {
            if (component.getName().equals("name") || NOT_ASKED.contains(component.getName())) {
                continue;
            }
            Object value;
            try {
                value = component.getAccessor().invoke(input);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + component.getName() + " of a use case", e);
            }
            lines.add(new InputLine(LABELS.getOrDefault(component.getName(), component.getName()), valueInWords(value, titles)));
        }
        return lines;
    }

    private static String valueInWords(Object value, Map<String, String> titles) {
        if (value == null) {
            return "Not given";
        }
        if (value instanceof Boolean yes) {
            return yes ? "Yes" : "No";
        }
        if (value instanceof Enum<?> constant) {
            return ConsoleWords.words(constant);
        }
        if (value instanceof Double number) {
            return BigDecimal.valueOf(number).stripTrailingZeros().toPlainString();
        }
        if (value instanceof Collection<?> codes) {
            return codes.isEmpty() ? "None" : String.join(", ", codes.stream().map(String::valueOf)
                    .map(code -> titles.containsKey(code) ? titles.get(code) + " (" + code + ")" : code).toList());
        }
        return String.valueOf(value);
    }

    /** What would change a decision, as a page says it: each change with the form's label, its values and outcome in words. */
    public record WhyNot(List<String> approach, List<String> verdict, int evaluations, boolean complete) {
    }

    /** The counterfactuals in people's words, or null when there are none. */
    public static WhyNot whyNot(Counterfactuals changes, Declarations declarations) {
        if (changes == null) {
            return null;
        }
        Map<String, String> titles = codeTitles(declarations);
        return new WhyNot(changes.approach().stream().map(change -> changeInWords(change, "the approach", declarations, titles)).toList(),
                changes.verdict().stream().map(change -> changeInWords(change, "the verdict", declarations, titles)).toList(),
                changes.evaluations(), changes.complete());
    }

    private static String changeInWords(Counterfactuals.Counterfactual change, String decided, Declarations declarations,
            Map<String, String> titles) {
        String label;
        java.util.function.Function<Object, String> words;
        if (change.field().startsWith(ANSWER)) {
            java.util.Optional<Question> question = declarations.question(change.field().substring(ANSWER.length()));
            label = question.map(Question::label).orElse(change.field());
            words = value -> value == null ? "not answered" : question.map(asked -> inWords(asked, value)).orElse(String.valueOf(value));
        } else {
            label = LABELS.getOrDefault(change.field(), change.field());
            words = value -> value instanceof String code && CODE.matcher(code).matches() && !titles.containsKey(code) ? ConsoleWords.words(code)
                    : valueInWords(value, titles);
        }
        return label + ": " + words.apply(change.value()) + " instead of " + words.apply(change.was()) + " gives " + decided + " "
                + ConsoleWords.words(change.outcome());
    }

    private static Map<String, String> codeTitles(Declarations declarations) {
        Map<String, String> titles = new java.util.HashMap<>();
        declarations.capabilities().forEach(capability -> titles.put(capability.code(), capability.title()));
        declarations.jurisdictions().forEach(jurisdiction -> titles.put(jurisdiction.code(), jurisdiction.title()));
        return titles;
    }

    /** An answer as a record page shows it: the question's label and the answer in the pack's words. */
    public record AnswerLine(String question, String answer) {
    }

    /**
     * A use case's answers, in the order the questions are asked, each with its question's label; an
     * answer to a question the active rules no longer ask is shown by its id, as it was given.
     */
    public static List<AnswerLine> answered(UseCase input, Declarations declarations) {
        if (input == null || input.answers().isEmpty()) {
            return List.of();
        }
        List<AnswerLine> lines = new ArrayList<>();
        Map<String, Object> left = new java.util.TreeMap<>(input.answers());
        for (Question question : declarations.questions()) {
            Object answer = left.remove(question.id());
            if (answer != null) {
                lines.add(new AnswerLine(question.label(), inWords(question, answer)));
            }
        }
        left.forEach((id, answer) -> lines.add(new AnswerLine(id, String.valueOf(answer))));
        return lines;
    }

    private static String inWords(Question question, Object answer) {
        return switch (question.type()) {
            case YES_NO -> Boolean.TRUE.equals(answer) ? "Yes" : "No";
            case ONE_CHOICE -> question.choices().getOrDefault(String.valueOf(answer), String.valueOf(answer));
            case SEVERAL_CHOICES -> answer instanceof Collection<?> codes ? String.join(", ", codes.stream()
                    .map(code -> question.choices().getOrDefault(String.valueOf(code), String.valueOf(code))).toList()) : String.valueOf(answer);
            case WHOLE_NUMBER, DECIMAL -> answer + (question.unit() == null ? "" : " " + question.unit());
            default -> String.valueOf(answer);
        };
    }

    /** A field as the page shows it: what was entered, and what is wrong with it. */
    public record FieldView(Field field, List<String> entered, String error) {

        public String getValue() {
            return entered.isEmpty() ? "" : entered.get(0);
        }

        public boolean has(String option) {
            return entered.contains(option);
        }

        public boolean isChecked() {
            return !getValue().isEmpty();
        }
    }

    /** The form as first shown: empty, but for the defaults of choices that have one. */
    public static List<FieldView> empty(Declarations declarations) {
        return fields(declarations).stream().map(field -> new FieldView(field, List.of(), null)).toList();
    }

    /** The form shown again as it was filled in, each field with the API's message about it, if any. */
    public static List<FieldView> filledIn(MultivaluedMap<String, String> posted, Map<String, String> errors, Declarations declarations) {
        return fields(declarations).stream()
                .map(field -> new FieldView(field, posted.getOrDefault(field.name(), List.of()), errors.get(field.name()))).toList();
    }

    /** A number the browser sent as text; text that is no number goes on as text, for the API's message about it. */
    private static JsonNode number(String value) {
        try {
            BigDecimal number = new BigDecimal(value);
            return number.scale() <= 0 && number.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0
                    ? JSON.getNodeFactory().numberNode(number.longValueExact())
                    : JSON.getNodeFactory().numberNode(number);
        } catch (NumberFormatException | ArithmeticException e) {
            return JSON.getNodeFactory().textNode(value);
        }
    }

    private static List<Field> fieldsOf(Class<?> type) {
        List<Field> fields = new ArrayList<>();
        for (RecordComponent component : type.getRecordComponents()) {
            if (NOT_ASKED.contains(component.getName())) {
                continue;
            }
            Schema schema = component.getAccessor().getAnnotation(Schema.class);
            if (schema == null) {
                schema = component.getAnnotation(Schema.class);
            }
            String help = schema == null ? "" : API_REFERENCE.matcher(schema.description()).replaceAll("");
            // Bean Validation's constraints do not apply to record components: Java hands them on to the accessor.
            boolean required = component.getAccessor().isAnnotationPresent(NotNull.class)
                    || component.getAccessor().isAnnotationPresent(NotBlank.class);
            Class<?> raw = component.getType();
            Kind kind;
            List<String> options = List.of();
            if (raw == String.class) {
                kind = component.getName().equals("description") ? Kind.LONG_TEXT : Kind.TEXT;
            } else if (raw == Long.class) {
                kind = Kind.WHOLE_NUMBER;
            } else if (raw == Double.class) {
                kind = Kind.NUMBER;
            } else if (raw == Boolean.class) {
                kind = Kind.YES_NO;
            } else if (raw.isEnum()) {
                kind = Kind.CHOICE;
                options = constants(raw);
            } else if (Collection.class.isAssignableFrom(raw)) {
                // Codes the rules declare: the choices come from the active ruleset when the form is shown.
                kind = Kind.CHOICES;
            } else {
                throw new IllegalStateException("no form field for " + component);
            }
            fields.add(new Field(component.getName(), LABELS.getOrDefault(component.getName(), component.getName()), help, kind,
                    required, options));
        }
        return List.copyOf(fields);
    }

    private static List<String> constants(Class<?> enumType) {
        return Arrays.stream(enumType.getEnumConstants()).map(constant -> ((Enum<?>) constant).name()).toList();
    }

}
