-- The chain also holds what happened to the rules (activations, rejections, uploads, rule changes)
-- and to accounts (created, roles or password changed, removed), each written in the transaction
-- of what it records (README, "Audit chain"). These records carry their own content in `event`;
-- the evaluation's columns stay empty for them. Existing rows are not rewritten, so their hashes hold.
alter table audit_log alter column ruleset_version drop not null;
alter table audit_log alter column use_case_name drop not null;
alter table audit_log alter column approach drop not null;
alter table audit_log alter column verdict drop not null;
alter table audit_log alter column rag_recommended drop not null;
alter table audit_log alter column score_prompting drop not null;
alter table audit_log alter column score_fine_tuning drop not null;
alter table audit_log alter column input drop not null;
alter table audit_log alter column masked_fields drop not null;
alter table audit_log alter column exposures drop not null;
alter table audit_log alter column fired_rules drop not null;
alter table audit_log alter column warnings drop not null;
alter table audit_log add column event jsonb;

-- Dropped from the partitioned table, the constraint goes from every partition too.
alter table audit_log drop constraint audit_log_kind_check;
alter table audit_log add constraint audit_log_kind_check
    check (kind in ('EVALUATION', 'BOARD_DECISION', 'RULESET_EVENT', 'USER_EVENT'));
-- Evaluations and board decisions keep every column of the evaluation; events hold their content
-- in `event` and nothing in the evaluation's columns.
alter table audit_log add constraint audit_log_kind_content_check check (
    case when kind in ('EVALUATION', 'BOARD_DECISION')
         then ruleset_version is not null and use_case_name is not null and approach is not null and verdict is not null
              and rag_recommended is not null and score_prompting is not null and score_fine_tuning is not null
              and input is not null and masked_fields is not null and exposures is not null and fired_rules is not null
              and warnings is not null and event is null
         else event is not null and decision is null
              and num_nonnulls(ruleset_version, use_case_name, approach, verdict, rag_recommended, score_prompting,
                               score_fine_tuning, input, masked_fields, exposures, fired_rules, warnings) = 0
    end);
