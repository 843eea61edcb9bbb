package io.aigov.evaluation.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import io.aigov.decision.explain.CounterfactualSearch;

/** How much each evaluation may spend finding what would change it (docs/evaluating.md, "Why not: counterfactuals"). */
@ConfigMapping(prefix = "aigov.evaluation.counterfactuals")
public interface CounterfactualsConfig {

    /** Changed inputs one evaluation may decide; the bundled rules need about 100. */
    @WithDefault("200")
    int maxEvaluations();

    /**
     * Time one evaluation's search may take; past it the answer says the search is incomplete. A
     * warm engine needs a tenth of it; the first searches after a start, still interpreted, need most.
     */
    @WithDefault("1s")
    Duration maxTime();

    /**
     * Searches that run at once; by default as many as the JVM has processors. Evaluations beyond them
     * wait for a turn, so each search has a core and finishes within its budget however many arrive.
     */
    Optional<Integer> concurrentSearches();

    /**
     * How long an evaluation waits for a search turn before it is answered and recorded without
     * counterfactuals (then it says so: none found, none decided, not complete).
     */
    @WithDefault("5s")
    Duration maxWait();

    /**
     * Time the search of an evaluation answered with its counterfactuals incomplete may take when it
     * is run again afterwards, away from any request; what it finds is recorded as a record of its own.
     */
    @WithDefault("10s")
    Duration maxTimeAfterwards();

    /**
     * How often the service looks for evaluations whose counterfactuals are still incomplete: those
     * it answered itself are searched again as soon as a search turn is free; this finds the others
     * (answered by another replica that stopped, or before a restart).
     */
    @WithDefault("30s")
    Duration completionInterval();

    /** Use cases whose counterfactuals are kept, to be given again when the same input is evaluated on the same rules and day. */
    @WithDefault("10000")
    int cacheSize();

    /**
     * Times the service decides its golden cases' use cases, each with its search, in the background
     * after a start, so that the first evaluations find their counterfactuals within their budget
     * rather than running the engine and the search still interpreted; 0 for none.
     */
    @WithDefault("3")
    int warmUpRounds();

    default CounterfactualSearch.Budget budget() {
        return new CounterfactualSearch.Budget(maxEvaluations(), maxTime());
    }

    default CounterfactualSearch.Budget budgetAfterwards() {
        return new CounterfactualSearch.Budget(maxEvaluations(), maxTimeAfterwards());
    }
}
