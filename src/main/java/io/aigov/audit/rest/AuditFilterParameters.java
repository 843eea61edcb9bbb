package io.aigov.audit.rest;

import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import io.aigov.audit.AuditFilters;

/** The audit search's filters as the API's search and export take them: query parameters, documented one by one. */
public class AuditFilterParameters {

    @QueryParam("kind") @Parameter(description = "EVALUATION, BOARD_DECISION, RULESET_EVENT, USER_EVENT, COUNTERFACTUALS, INVENTORY_EVENT or CONTROL_EVENT (default: any)")
    String kind;
    @QueryParam("from") @Parameter(description = "Evaluated at or after: 2026-11-27 or 2026-11-27T10:00:00Z")
    String from;
    @QueryParam("to") @Parameter(description = "Evaluated before: a date (its start) or an instant")
    String to;
    @QueryParam("approach") @Parameter(description = "PROMPTING, FINE_TUNING or HYBRID")
    String approach;
    @QueryParam("verdict") @Parameter(description = "ALLOWED, BOARD_REVIEW or PROHIBITED")
    String verdict;
    @QueryParam("regime") @Parameter(description = "A regime's code as the rules declare it: EU_AI_ACT, HIPAA, SOX, NYC_LL144, ...")
    String regime;
    @QueryParam("level") @Parameter(description = "PROHIBITED, HIGH, LIMITED or MINIMAL")
    String level;
    @QueryParam("rule") @Parameter(description = "A rule that fired, by name")
    String rule;
    @QueryParam("rulesetVersion") @Parameter(description = "The ruleset version that decided")
    String rulesetVersion;
    @QueryParam("requestedBy") @Parameter(description = "Who asked")
    String requestedBy;
    @QueryParam("q") @Parameter(description = "Text in the use case's name or description, any case")
    String q;

    /** The filters as the audit trail reads them. */
    public AuditFilters toFilters() {
        return new AuditFilters(kind, from, to, approach, verdict, regime, level, rule, rulesetVersion, requestedBy, q);
    }
}
