-- What would change each evaluation's approach or verdict, as the service found by deciding
-- changed inputs (README, "Why not: counterfactuals"). Evaluations written before hold none, and
-- their canonical content has no such key, so their hashes hold unchanged.
alter table audit_log add column counterfactuals jsonb;
alter table audit_log add constraint audit_log_counterfactuals_check
    check (counterfactuals is null or kind = 'EVALUATION');
