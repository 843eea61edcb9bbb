package io.aigov.evaluation.rest;

import java.util.List;

import io.aigov.audit.AuditPage;

/** A page of evaluations, newest first, with the total across all pages. */
public record EvaluationList(List<EvaluationView> items, int page, int size, long total) {

    static EvaluationList of(AuditPage page) {
        return new EvaluationList(page.records().stream().map(EvaluationView::of).toList(), page.page(), page.size(),
                page.total());
    }
}
