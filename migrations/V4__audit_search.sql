-- Indexes behind GET /api/audit: each filter, newest first.
create extension if not exists pg_trgm;

create index audit_log_approach_idx on audit_log (approach, evaluated_at desc);
create index audit_log_verdict_idx on audit_log (verdict, evaluated_at desc);
create index audit_log_ruleset_version_idx on audit_log (ruleset_version, evaluated_at desc);
create index audit_log_requested_by_idx on audit_log (requested_by, evaluated_at desc);
-- Containment (@>) on exposures and fired rules: "any HIPAA exposure", "rule X fired".
create index audit_log_exposures_idx on audit_log using gin (exposures jsonb_path_ops);
create index audit_log_fired_rules_idx on audit_log using gin (fired_rules jsonb_path_ops);
-- Case-insensitive substring search (ILIKE) in the name and the description.
create index audit_log_name_trgm_idx on audit_log using gin (use_case_name gin_trgm_ops);
create index audit_log_description_trgm_idx on audit_log using gin ((input ->> 'description') gin_trgm_ops);
