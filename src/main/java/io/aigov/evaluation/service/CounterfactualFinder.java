package io.aigov.evaluation.service;

import java.time.LocalDate;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.aigov.decision.engine.Decision;
import io.aigov.decision.engine.EvaluationLimits;
import io.aigov.decision.explain.CounterfactualSearch;
import io.aigov.decision.explain.Counterfactuals;
import io.aigov.decision.model.UseCase;
import io.aigov.decision.ruleset.Ruleset;
import io.aigov.evaluation.config.CounterfactualsConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

/**
 * What would change each evaluation, within the configured budget. A search decides about a hundred
 * changed inputs, so a use case evaluated again on the same rules on the same day (a proposal
 * re-evaluated, a form sent twice) gets the counterfactuals found the first time: they are the
 * same, being decided by the same rules on the same input and date. A search cut short by its
 * budget is not kept, so a later evaluation may complete it.
 */
@ApplicationScoped
public class CounterfactualFinder {

    private record Searched(String rulesetVersion, LocalDate day, UseCase input) {
    }

    private final CounterfactualsConfig config;
    private final Timer searchDuration;
    private final Cache<Searched, Counterfactuals> found;

    public CounterfactualFinder(CounterfactualsConfig config, MeterRegistry metrics) {
        this.config = config;
        this.searchDuration = Timer.builder("aigov.evaluation.counterfactuals.duration")
                .description("Time one evaluation takes to find what would change its outcome (a search, or one found before)")
                .publishPercentileHistogram().register(metrics);
        this.found = Caffeine.newBuilder().maximumSize(config.cacheSize()).recordStats().build();
        CaffeineCacheMetrics.monitor(metrics, found, "counterfactuals");
    }

    /**
     * @param input    the use case as the rules saw it
     * @param decision what the rules decided for it on that day
     */
    public Counterfactuals find(Ruleset ruleset, UseCase input, Decision decision, LocalDate day, EvaluationLimits limits) {
        Timer.Sample searching = Timer.start();
        try {
            Searched key = new Searched(ruleset.version(), day, input);
            Counterfactuals known = found.getIfPresent(key);
            if (known != null) {
                return known;
            }
            Counterfactuals counterfactuals = CounterfactualSearch.search(ruleset, input, decision, day, limits, config.budget());
            if (counterfactuals.complete()) {
                found.put(key, counterfactuals);
            }
            return counterfactuals;
        } finally {
            searching.stop(searchDuration);
        }
    }
}
