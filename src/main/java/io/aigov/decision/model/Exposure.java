package io.aigov.decision.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The regulatory exposure of a use case under one regime (by the code the rules declare it with),
 * with the obligations that follow from it: as people read them, and the ids of those the regime's
 * pack declares ({@link Declarations.DeclaredObligation}), which controls are kept for.
 */
public record Exposure(String regime, ExposureLevel level, List<String> obligations,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> obligationIds) {

    public Exposure {
        obligations = List.copyOf(obligations);
        // Records written before obligations had ids hold none.
        obligationIds = obligationIds == null ? List.of() : List.copyOf(obligationIds);
    }

    /** An exposure whose obligations have no declared ids. */
    public Exposure(String regime, ExposureLevel level, List<String> obligations) {
        this(regime, level, obligations, List.of());
    }
}
