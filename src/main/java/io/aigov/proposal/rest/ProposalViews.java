package io.aigov.proposal.rest;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.aigov.audit.AuditLog;
import io.aigov.audit.AuditRecord;
import io.aigov.decision.engine.Decision;
import io.aigov.proposal.Proposal;
import io.aigov.proposal.rest.ProposalResource.DecisionView;
import io.aigov.proposal.rest.ProposalResource.EvaluationSummary;
import io.aigov.proposal.rest.ProposalResource.ProposalSummary;
import io.aigov.proposal.rest.ProposalResource.ProposalView;
import io.aigov.proposal.service.ProposalService;

/** A proposal as the API shows it, for the proposals' and the inventory's resources alike. */
@ApplicationScoped
class ProposalViews {

    private final ProposalService proposals;
    private final AuditLog auditLog;

    ProposalViews(ProposalService proposals, AuditLog auditLog) {
        this.proposals = proposals;
        this.auditLog = auditLog;
    }

    ProposalSummary summary(Proposal proposal) {
        AuditRecord evaluation = auditLog.find(proposal.latestEvaluationId).orElseThrow();
        return new ProposalSummary(proposal.id, proposal.title, proposal.owner, proposal.submittedBy, proposal.submittedAt,
                proposal.state, proposal.riskRank, proposal.flagged, evaluation.outcome.approach(), evaluation.outcome.verdict());
    }

    ProposalView view(Proposal proposal) {
        List<EvaluationSummary> evaluations = proposals.evaluationsOf(proposal.id).stream().map(link -> {
            AuditRecord record = auditLog.find(link.evaluationId).orElseThrow();
            Decision decided = record.outcome;
            return new EvaluationSummary(record.id, link.at, link.reason, decided.approach(), decided.verdict(), decided.rulesetVersion(),
                    decided.exposures());
        }).toList();
        EvaluationSummary latest = evaluations.stream().filter(e -> e.id().equals(proposal.latestEvaluationId)).findFirst().orElseThrow();
        DecisionView decision = proposal.decisionId == null ? null : auditLog.find(proposal.decisionId)
                .map(r -> new DecisionView(r.id, r.requestedBy, r.evaluatedAt, r.outcome.rulesetVersion(), r.decision)).orElseThrow();
        return new ProposalView(proposal.id, proposal.title, proposal.owner, proposal.businessJustification, proposal.submittedBy,
                proposal.submittedAt, proposal.state, proposal.state.next(), proposal.riskRank, proposal.flagged, proposal.flagReason,
                latest, evaluations, decision, proposals.eventsOf(proposal.id), proposal.upcoming, proposal.upcomingAsOf);
    }

}
