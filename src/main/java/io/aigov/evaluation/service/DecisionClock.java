package io.aigov.evaluation.service;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The time decisions are made at, and so the day the rules compare their dates with. The service
 * always reads the system clock in UTC; a test replaces the bean with one on a fixed clock to see
 * what a date's arrival does. No setting moves it.
 */
@ApplicationScoped
public class DecisionClock {

    private final Clock clock;

    public DecisionClock() {
        this(Clock.systemUTC());
    }

    public DecisionClock(Clock clock) {
        this.clock = clock;
    }

    /** Now, to the microsecond PostgreSQL keeps, so that an answer and its stored record are identical. */
    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** Today in UTC, the day a decision made now is made on wherever it is replayed. */
    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
