package io.aigov.console.rest;

import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.core.MultivaluedMap;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.aigov.decision.model.Declarations;
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
    /** The request's own way of saying "EU among the jurisdictions", which the form asks for there. */
    private static final Set<String> NOT_ASKED = Set.of("euExposure");
    private static final JsonMapper JSON = new JsonMapper();
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

    /** The body the API would have received for what the browser posted: blank fields left out, numbers as numbers. */
    public static ObjectNode toJson(MultivaluedMap<String, String> posted) {
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
    private static com.fasterxml.jackson.databind.JsonNode number(String value) {
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
            String help = schema == null ? "" : schema.description();
            boolean required = component.isAnnotationPresent(NotNull.class) || component.isAnnotationPresent(NotBlank.class);
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
