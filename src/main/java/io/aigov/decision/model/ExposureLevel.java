package io.aigov.decision.model;

/** Severity of a regulatory exposure, declared from least to most severe so that the highest level wins. */
public enum ExposureLevel {
    MINIMAL,
    LIMITED,
    HIGH,
    PROHIBITED;

    public boolean isAtLeast(ExposureLevel other) {
        return compareTo(other) >= 0;
    }
}
