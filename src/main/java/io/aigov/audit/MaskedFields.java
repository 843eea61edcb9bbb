package io.aigov.audit;

import java.util.List;

import io.aigov.decision.model.UseCase;

/**
 * The text fields of a use case (aigov.audit.masked-fields) replaced by {@value #MASK} before its
 * evaluation is stored, since they can hold personal data; the decision is taken on the full input.
 */
final class MaskedFields {

    static final String MASK = "[masked]";
    private static final List<String> MASKABLE = List.of("name", "description");

    private final List<String> fields;

    MaskedFields(List<String> configured) {
        for (String field : configured) {
            if (!MASKABLE.contains(field)) {
                throw new IllegalArgumentException("aigov.audit.masked-fields: '" + field + "' cannot be masked; choose from " + MASKABLE);
            }
        }
        this.fields = List.copyOf(configured);
    }

    /** The fields masked, as the record names them. */
    List<String> fields() {
        return fields;
    }

    /** The input as stored: the configured text fields replaced. */
    UseCase masked(UseCase useCase) {
        if (fields.isEmpty()) {
            return useCase;
        }
        return useCase.withText(fields.contains("name") ? MASK : useCase.name(),
                fields.contains("description") && useCase.description() != null ? MASK : useCase.description());
    }
}
