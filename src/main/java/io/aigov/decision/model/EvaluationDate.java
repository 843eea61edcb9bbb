package io.aigov.decision.model;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * The day an evaluation is made, handed to the rules as a fact so that rules about dates (the EU AI
 * Act's application dates) never read the clock: a replay sees the day of the original evaluation
 * and decides the same.
 */
public record EvaluationDate(LocalDate date) {

    public EvaluationDate {
        Objects.requireNonNull(date, "date");
    }

    /** The day of an evaluation made at this instant, in UTC, so that a replay anywhere sees the same day. */
    public static LocalDate dayOf(Instant evaluatedAt) {
        return LocalDate.ofInstant(evaluatedAt, ZoneOffset.UTC);
    }

    /** Whether the evaluation is made before the given day, for example before a duty applies. */
    public boolean before(LocalDate day) {
        return date.isBefore(day);
    }

    /** Whether the given day has come by the evaluation date, for example the day a duty applies from. */
    public boolean onOrAfter(LocalDate day) {
        return !date.isBefore(day);
    }
}
