package io.aigov.audit;

import java.util.List;

/**
 * One page of audit records, newest first, with the number of matches across all pages.
 *
 * @param total      matches, counted up to {@link #COUNT_LIMIT}
 * @param totalExact false when there are more than {@code total} matches: counting all of millions
 *                   of records would cost more than finding the page
 */
public record AuditPage(List<AuditRecord> records, int page, int size, long total, boolean totalExact) {

    public static final int COUNT_LIMIT = 1_000;
}
