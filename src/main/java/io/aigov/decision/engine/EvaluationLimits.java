package io.aigov.decision.engine;

import java.time.Duration;

/**
 * What one evaluation may take before it is stopped as a defect of the rules rather than left to
 * hold a thread: a number of rule firings and a wall-clock deadline.
 */
public record EvaluationLimits(int maxFirings, Duration deadline) {

    public EvaluationLimits {
        if (maxFirings < 1) {
            throw new IllegalArgumentException("maxFirings must be at least 1");
        }
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("the deadline must be positive");
        }
    }
}
