-- Searches and exports list records newest first in chain order (seq descending) rather than by
-- time (README, "Search"). The partitions hold consecutive sequence numbers, so PostgreSQL reads
-- them one after the other, newest first, and stops once a page is full, instead of merging every
-- partition's index by time: a search costs about the same with a hundred partitions as with one.
-- Each filter's index therefore ends with seq; evaluated_at keeps its own for from and to.
drop index audit_log_kind_idx;
drop index audit_log_approach_idx;
drop index audit_log_verdict_idx;
drop index audit_log_ruleset_version_idx;
drop index audit_log_requested_by_idx;
create index audit_log_kind_idx on audit_log (kind, seq desc);
create index audit_log_approach_idx on audit_log (approach, seq desc);
create index audit_log_verdict_idx on audit_log (verdict, seq desc);
create index audit_log_ruleset_version_idx on audit_log (ruleset_version, seq desc);
create index audit_log_requested_by_idx on audit_log (requested_by, seq desc);
