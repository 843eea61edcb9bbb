package io.aigov.decision.model;

/**
 * The capabilities rules named before capabilities were declared by the rules themselves (see
 * {@link Declarations}): rule files written then say {@code has(Capability.SOCIAL_SCORING)}, and
 * still compile and decide as they did. New rules name a declared capability by its code.
 */
public enum Capability {
    CONVERSES_WITH_PEOPLE,
    GENERATES_SYNTHETIC_MEDIA,
    EMOTION_RECOGNITION,
    BIOMETRIC_IDENTIFICATION,
    BIOMETRIC_CATEGORISATION,
    SOCIAL_SCORING,
    SUBLIMINAL_MANIPULATION,
    EXPLOITS_VULNERABILITIES,
    FACIAL_IMAGE_SCRAPING,
    CRIME_PREDICTION_PROFILING
}
