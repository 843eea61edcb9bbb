package io.aigov.api.rest;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.aigov.api.config.ApiConfig;
import io.aigov.shared.ControlCharacters;

/**
 * Binds a JSON request body to a type and validates it, reporting every offending field at once:
 * unknown fields (a misspelt field must not silently fall back to a default), values of the wrong
 * type or outside an enum, and Bean Validation constraints. Jackson alone stops at the first
 * problem, so each field is converted on its own before the whole object is built.
 */
@ApplicationScoped
public class StrictJsonBinder {

    private static final String BODY = "body";

    private final ObjectMapper mapper;
    private final Validator validator;
    private final long maxBodyBytes;
    private final long maxFilesBodyBytes;
    private final Map<Class<?>, Map<String, JavaType>> propertiesByType = new ConcurrentHashMap<>();

    public StrictJsonBinder(Validator validator, ApiConfig config) {
        // No silent coercion: "12" is not a number, 3.7 examples are not 3, and a duplicated field is an error.
        this.mapper = JsonMapper.builder()
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.validator = validator;
        this.maxBodyBytes = config.maxBodySize().asLongValue();
        this.maxFilesBodyBytes = config.maxFilesBodySize().asLongValue();
    }

    public <T> T bind(InputStream body, Class<T> type) throws IOException {
        long limit = type.isAnnotationPresent(CarriesFiles.class) ? maxFilesBodyBytes : maxBodyBytes;
        byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        if (bytes.length > limit) {
            throw Problems.of(Response.Status.REQUEST_ENTITY_TOO_LARGE, "The request body is larger than " + limit + " bytes");
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw Problems.badRequest("The body is not valid JSON: " + e.getOriginalMessage() + location(e),
                    List.of(new Violation(BODY, BODY, "is not valid JSON")));
        }
        if (tree == null || !tree.isObject()) {
            throw Problems.badRequest("The body must be a JSON object", List.of(new Violation(BODY, BODY, "must be a JSON object")));
        }

        Binding<T> binding = bind((ObjectNode) tree, type);
        if (!binding.violations().isEmpty()) {
            throw Problems.badRequest("The request has " + binding.violations().size() + " invalid field"
                    + (binding.violations().size() == 1 ? "" : "s"), binding.violations());
        }
        return binding.value();
    }

    /** A value bound from JSON, or every reason it could not be. */
    public record Binding<T>(T value, List<Violation> violations) {
    }

    /**
     * Binds a JSON object with the same checks as a request body, for callers that show the
     * violations themselves (the console's forms, beside their fields).
     */
    public <T> Binding<T> bind(ObjectNode tree, Class<T> type) throws IOException {
        Map<String, JavaType> properties = propertiesOf(type);
        List<Violation> violations = new ArrayList<>();
        tree.fields().forEachRemaining(field -> controlCharacters(field.getKey(), field.getValue(), violations));
        ObjectNode accepted = mapper.createObjectNode();
        tree.fields().forEachRemaining(field -> {
            JavaType propertyType = properties.get(field.getKey());
            if (propertyType == null) {
                violations.add(new Violation(field.getKey(), BODY, "is not a known field; known fields are " + properties.keySet()));
                return;
            }
            try {
                mapper.readerFor(propertyType).readValue(field.getValue());
                accepted.set(field.getKey(), field.getValue());
            } catch (IOException e) {
                violations.add(new Violation(field.getKey(), BODY, describe(propertyType, field.getValue())));
            }
        });

        T value = mapper.treeToValue(accepted, type);
        // A field already reported as unconvertible was left out, so its "must not be null" would only repeat it.
        Set<String> reported = new HashSet<>();
        violations.forEach(v -> reported.add(v.field()));
        for (ConstraintViolation<T> violation : validator.validate(value)) {
            // A constraint on a list's elements ends in a node like "<list element>": the index already names the field.
            String field = violation.getPropertyPath().toString().replaceAll("\\.<[^>]+>", "");
            if (!reported.contains(field)) {
                violations.add(new Violation(field, BODY, violation.getMessage()));
            }
        }
        return new Binding<>(violations.isEmpty() ? value : null, List.copyOf(violations));
    }

    /** Text with control characters other than tab, line feed and carriage return is refused: see {@link ControlCharacters}. */
    private static void controlCharacters(String path, JsonNode value, List<Violation> violations) {
        if (value.isTextual()) {
            ControlCharacters.problemIn(value.textValue()).ifPresent(problem -> violations.add(new Violation(path, BODY, problem)));
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                controlCharacters(path + "[" + i + "]", value.get(i), violations);
            }
        } else if (value.isObject()) {
            value.fields().forEachRemaining(field -> controlCharacters(path + "." + field.getKey(), field.getValue(), violations));
        }
    }

    private Map<String, JavaType> propertiesOf(Class<?> type) {
        return propertiesByType.computeIfAbsent(type, t -> {
            BeanDescription description = mapper.getDeserializationConfig().introspect(mapper.constructType(t));
            Map<String, JavaType> properties = new LinkedHashMap<>();
            for (BeanPropertyDefinition property : description.findProperties()) {
                properties.put(property.getName(), property.getPrimaryType());
            }
            return properties;
        });
    }

    private static String describe(JavaType type, JsonNode value) {
        Class<?> raw = type.getRawClass();
        if (raw.isEnum()) {
            return "must be one of " + Arrays.toString(raw.getEnumConstants()) + ", not " + value;
        }
        if (type.isCollectionLikeType() && type.getContentType().getRawClass().isEnum()) {
            return "must be an array of values from " + Arrays.toString(type.getContentType().getRawClass().getEnumConstants())
                    + ", not " + value;
        }
        if (type.isCollectionLikeType()) {
            return "must be an array, not " + value;
        }
        if (raw == Long.class || raw == Integer.class) {
            return "must be a whole number, not " + value;
        }
        if (Number.class.isAssignableFrom(raw)) {
            return "must be a number, not " + value;
        }
        if (raw == Boolean.class) {
            return "must be true or false, not " + value;
        }
        if (raw == String.class) {
            return "must be a string, not " + value;
        }
        return "has the wrong type";
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }
}
