package io.aigov.evaluation.rest;

import java.util.List;

import io.aigov.audit.AuditPage;

/** A page of evaluations, newest first, with the number across all pages (exact up to 1,000). */
public record EvaluationList(List<EvaluationView> items, int page, int size, long total, boolean totalExact) {

    static EvaluationList of(AuditPage page) {
        return new EvaluationList(page.records().stream().map(EvaluationView::of).toList(), page.page(), page.size(),
                page.total(), page.totalExact());
    }
}
