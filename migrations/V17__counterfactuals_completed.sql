-- An evaluation answered while its counterfactual search was cut short, or before a search turn came,
-- says so ("complete": false) and is searched again afterwards; what that search finds is a record of
-- its own, COUNTERFACTUALS, naming the evaluation it completes (docs/evaluating.md, "Why not:
-- counterfactuals"). The evaluation's own record is never changed, so its hash holds.
alter table audit_log add column completes uuid;

alter table audit_log drop constraint audit_log_kind_check;
alter table audit_log add constraint audit_log_kind_check
    check (kind in ('EVALUATION', 'BOARD_DECISION', 'RULESET_EVENT', 'USER_EVENT', 'COUNTERFACTUALS'));

-- Evaluations and board decisions keep every column of the evaluation; a completion holds only the
-- counterfactuals and the evaluation it completes; events hold their content in `event`.
alter table audit_log drop constraint audit_log_kind_content_check;
alter table audit_log add constraint audit_log_kind_content_check check (
    case when kind in ('EVALUATION', 'BOARD_DECISION')
         then ruleset_version is not null and use_case_name is not null and approach is not null and verdict is not null
              and rag_recommended is not null and score_prompting is not null and score_fine_tuning is not null
              and input is not null and masked_fields is not null and exposures is not null and fired_rules is not null
              and warnings is not null and event is null and completes is null
         when kind = 'COUNTERFACTUALS'
         then completes is not null and counterfactuals is not null and event is null and decision is null
              and num_nonnulls(ruleset_version, use_case_name, approach, verdict, rag_recommended, score_prompting,
                               score_fine_tuning, input, masked_fields, exposures, fired_rules, warnings) = 0
         else event is not null and decision is null and completes is null
              and num_nonnulls(ruleset_version, use_case_name, approach, verdict, rag_recommended, score_prompting,
                               score_fine_tuning, input, masked_fields, exposures, fired_rules, warnings) = 0
    end);

alter table audit_log drop constraint audit_log_counterfactuals_check;
alter table audit_log add constraint audit_log_counterfactuals_check
    check (counterfactuals is null or kind in ('EVALUATION', 'COUNTERFACTUALS'));

-- The evaluations still waiting for their search, oldest first, and the completion of each: both
-- looked up by the service after every incomplete answer, so neither may read the whole chain.
create index audit_log_incomplete_counterfactuals_idx on audit_log (seq)
    where kind = 'EVALUATION' and (counterfactuals ->> 'complete') = 'false';
create index audit_log_completes_idx on audit_log (completes) where completes is not null;
