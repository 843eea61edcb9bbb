package io.aigov.evaluation.service;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.aigov.decision.engine.Decision;
import io.aigov.decision.engine.EvaluationLimits;
import io.aigov.decision.explain.CounterfactualSearch;
import io.aigov.decision.explain.Counterfactuals;
import io.aigov.decision.model.UseCase;
import io.aigov.decision.ruleset.Ruleset;
import io.aigov.evaluation.config.CounterfactualsConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

/**
 * What would change each evaluation, within the configured budget, and never more searches at once
 * than the cores can run. A search decides about a hundred changed inputs: searches beyond the
 * cores would share them, each would overrun its time budget and answer incomplete, and the service
 * would stay that slow for as long as the load lasts. So a search waits its turn (the wait is not
 * part of its budget), and an evaluation that waits longer than allowed is answered and recorded
 * without one, saying so.
 *
 * <p>A use case evaluated again on the same rules on the same day (a proposal re-evaluated, a form
 * sent twice) gets the counterfactuals found the first time: they are the same, being decided by the
 * same rules on the same input and date. A search cut short by its budget, or not run because no
 * turn came in time, is run again afterwards ({@link CounterfactualCompletion}) with a longer budget,
 * in turn with the others, and what it finds is kept for the next evaluation of that use case too.
 */
@ApplicationScoped
public class CounterfactualFinder {

    /** Decides the changed inputs of one evaluation; the service's is {@link CounterfactualSearch#search}. */
    @FunctionalInterface
    interface Search {
        Counterfactuals run(Ruleset ruleset, UseCase input, Decision decision, LocalDate day, EvaluationLimits limits,
                CounterfactualSearch.Budget budget);
    }

    private record Searched(String rulesetVersion, LocalDate day, UseCase input) {
    }

    private final CounterfactualsConfig config;
    private final Search search;
    private final Semaphore turns;
    /**
     * Searches away from any request (completions, re-decisions of the inventory) take a turn only
     * with one of these, one fewer than the turns: an evaluation answered meanwhile always finds a
     * turn the background cannot take.
     */
    private final Semaphore backgroundTurns;
    private final Timer searchDuration;
    private final Counter notSearched;
    private final Counter searchedAfterwards;
    private final Cache<Searched, Counterfactuals> found;

    @Inject
    public CounterfactualFinder(CounterfactualsConfig config, MeterRegistry metrics) {
        this(config, metrics, CounterfactualSearch::search);
    }

    CounterfactualFinder(CounterfactualsConfig config, MeterRegistry metrics, Search search) {
        this.config = config;
        this.search = search;
        // Fair: under a sustained load every evaluation gets its turn in the order it asked.
        int permits = config.concurrentSearches().orElse(Runtime.getRuntime().availableProcessors());
        this.turns = new Semaphore(permits, true);
        this.backgroundTurns = new Semaphore(Math.max(1, permits - 1), true);
        this.searchDuration = Timer.builder("aigov.evaluation.counterfactuals.duration")
                .description("Time one evaluation takes to find what would change its outcome (a search, or one found before)")
                .publishPercentileHistogram().register(metrics);
        this.notSearched = Counter.builder("aigov.evaluation.counterfactuals.not.searched")
                .description("Evaluations answered without counterfactuals: every search turn was taken for longer than max-wait")
                .register(metrics);
        this.searchedAfterwards = Counter.builder("aigov.evaluation.counterfactuals.searched.afterwards")
                .description("Searches of evaluations answered with their counterfactuals incomplete, run again afterwards")
                .register(metrics);
        this.found = Caffeine.newBuilder().maximumSize(config.cacheSize()).recordStats().build();
        CaffeineCacheMetrics.monitor(metrics, found, "counterfactuals");
    }

    /**
     * @param input    the use case as the rules saw it
     * @param decision what the rules decided for it on that day
     * @return what was found; incomplete when the search was cut short, and with nothing decided when no turn came
     *         within {@link CounterfactualsConfig#maxWait()}
     */
    public Counterfactuals find(Ruleset ruleset, UseCase input, Decision decision, LocalDate day, EvaluationLimits limits) {
        Timer.Sample searching = Timer.start();
        try {
            Searched key = new Searched(ruleset.version(), day, input);
            Counterfactuals known = found.getIfPresent(key);
            if (known != null) {
                return known;
            }
            if (!awaitTurn(config.maxWait())) {
                notSearched.increment();
                return new Counterfactuals(List.of(), List.of(), 0, false);
            }
            return searchInTurn(key, ruleset, input, decision, limits, config.budget());
        } finally {
            searching.stop(searchDuration);
        }
    }

    /**
     * The search of an evaluation answered with its counterfactuals incomplete, run again away from
     * any request: it waits as long as it takes for a turn and has the longer budget
     * {@link CounterfactualsConfig#maxTimeAfterwards()}. Found before for the same use case, rules
     * and day, it is not searched again.
     */
    public Counterfactuals findAfterwards(Ruleset ruleset, UseCase input, Decision decision, LocalDate day, EvaluationLimits limits) {
        Counterfactuals known = found.getIfPresent(new Searched(ruleset.version(), day, input));
        if (known != null) {
            return known;
        }
        searchedAfterwards.increment();
        return findInBackground(ruleset, input, decision, day, limits, config.budgetAfterwards());
    }

    /**
     * The search of an evaluation made away from any request (a use case of the inventory decided
     * again): it waits as long as it takes for a background turn and has the budget of an
     * evaluation's search; cut short, it is completed afterwards like an evaluation's.
     */
    public Counterfactuals findInBackground(Ruleset ruleset, UseCase input, Decision decision, LocalDate day, EvaluationLimits limits) {
        return findInBackground(ruleset, input, decision, day, limits, config.budget());
    }

    private Counterfactuals findInBackground(Ruleset ruleset, UseCase input, Decision decision, LocalDate day, EvaluationLimits limits,
            CounterfactualSearch.Budget budget) {
        Searched key = new Searched(ruleset.version(), day, input);
        Counterfactuals known = found.getIfPresent(key);
        if (known != null) {
            return known;
        }
        backgroundTurns.acquireUninterruptibly();
        try {
            turns.acquireUninterruptibly();
            return searchInTurn(key, ruleset, input, decision, limits, budget);
        } finally {
            backgroundTurns.release();
        }
    }

    /** Searches with the turn the caller took, gives the turn back, and keeps what was found if it is whole. */
    private Counterfactuals searchInTurn(Searched key, Ruleset ruleset, UseCase input, Decision decision, EvaluationLimits limits,
            CounterfactualSearch.Budget budget) {
        Counterfactuals counterfactuals;
        try {
            counterfactuals = search.run(ruleset, input, decision, key.day(), limits, budget);
        } finally {
            turns.release();
        }
        if (counterfactuals.complete()) {
            found.put(key, counterfactuals);
        }
        return counterfactuals;
    }

    private boolean awaitTurn(Duration wait) {
        try {
            return turns.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
