package io.aigov.decision.model;

/** Things the system does that the EU AI Act singles out (Art. 5 prohibitions, Art. 50 transparency). */
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
