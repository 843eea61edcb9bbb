package io.aigov.decision.model;

import java.util.List;

/** The regulatory exposure of a use case under one regime (by the code the rules declare it with), with the obligations that follow from it. */
public record Exposure(String regime, ExposureLevel level, List<String> obligations) {

    public Exposure {
        obligations = List.copyOf(obligations);
    }
}
