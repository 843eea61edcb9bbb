package io.aigov.audit;

import java.util.List;

/** One page of audit records, newest first, with the total count across all pages. */
public record AuditPage(List<AuditRecord> records, int page, int size, long total) {
}
