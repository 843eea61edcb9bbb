package io.aigov.proposal.service;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.aigov.audit.AuditRecord;
import io.aigov.decision.engine.Decision;
import io.aigov.evaluation.service.EvaluationService;
import io.aigov.proposal.Proposal;
import io.aigov.proposal.UpcomingChange;
import io.aigov.proposal.config.ProposalsConfig;
import io.aigov.evaluation.service.DecisionClock;

/**
 * What the rules will decide differently about a use case on each of their dates within the
 * horizon: each date's decision compared with the one before it, so that a change is listed once,
 * on the day it comes.
 */
@ApplicationScoped
class UpcomingChanges {

    private final EvaluationService evaluations;
    private final ProposalsConfig config;
    private final DecisionClock clock;

    UpcomingChanges(EvaluationService evaluations, ProposalsConfig config, DecisionClock clock) {
        this.evaluations = evaluations;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Works the use case's upcoming changes out again as of today and keeps them on it.
     *
     * @param latest the use case's latest evaluation
     * @return the changes it lists now that it did not list before
     */
    List<UpcomingChange> refresh(Proposal proposal, AuditRecord latest) {
        EvaluationService.Projection projection = evaluations.project(latest, clock.today().plusDays(config.upcomingHorizonDays()));
        List<UpcomingChange> upcoming = new ArrayList<>();
        Decision before = projection.today();
        for (EvaluationService.Projection.OnDate onDate : projection.ahead()) {
            List<String> changes = DecisionDifference.between(before, onDate.decision());
            if (!changes.isEmpty()) {
                upcoming.add(new UpcomingChange(onDate.date().toString(), onDate.thresholds(), changes));
            }
            before = onDate.decision();
        }
        List<UpcomingChange> added = upcoming.stream().filter(change -> !proposal.upcoming.contains(change)).toList();
        proposal.upcoming = List.copyOf(upcoming);
        proposal.upcomingAsOf = projection.day();
        return added;
    }
}
