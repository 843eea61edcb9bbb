-- The inventory: a proposal stays a use case after the board's decision. Its owner declares it in
-- production or retires it; a ruleset version that decides it differently puts it under
-- reassessment until the board decides again (docs/inventory.md).
alter table proposal drop constraint proposal_state_check;
alter table proposal add constraint proposal_state_check
    check (state in ('SUBMITTED', 'UNDER_REVIEW', 'APPROVED', 'APPROVED_WITH_CONDITIONS', 'REJECTED', 'WITHDRAWN',
                     'IN_PRODUCTION', 'UNDER_REASSESSMENT', 'RETIRED'));
-- The state a use case under reassessment had before: an approval returns an in-production use case to production.
alter table proposal add column reassessed_from varchar(32)
    check (reassessed_from in ('APPROVED', 'APPROVED_WITH_CONDITIONS', 'IN_PRODUCTION'));
alter table proposal add constraint proposal_reassessment_check
    check ((state = 'UNDER_REASSESSMENT') = (reassessed_from is not null));
-- The use cases a new ruleset version re-decides, found without reading the rest.
create index proposal_in_use_idx on proposal (id) where state in ('APPROVED', 'APPROVED_WITH_CONDITIONS', 'IN_PRODUCTION');

-- Every change of a use case's state, and every re-decision of it, is a record of the audit chain.
alter table audit_log drop constraint audit_log_kind_check;
alter table audit_log add constraint audit_log_kind_check
    check (kind in ('EVALUATION', 'BOARD_DECISION', 'RULESET_EVENT', 'USER_EVENT', 'COUNTERFACTUALS', 'INVENTORY_EVENT'));

-- The board's queue holds use cases under reassessment next to open proposals.
drop index proposal_queue_idx;
create index proposal_queue_idx on proposal (risk_rank, submitted_at) where state in ('SUBMITTED', 'UNDER_REVIEW', 'UNDER_REASSESSMENT');
