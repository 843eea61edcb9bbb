-- The audit chain also holds the board's decisions, next to the evaluations they were taken on.
-- New columns carry defaults, so existing rows are not rewritten (and their hashes stay valid).
alter table audit_log add column kind varchar(16) not null default 'EVALUATION'
    check (kind in ('EVALUATION', 'BOARD_DECISION'));
-- For BOARD_DECISION records: the proposal, the evaluation decided on, the decision, rationale, conditions, override.
alter table audit_log add column decision jsonb;
create index audit_log_kind_idx on audit_log (kind, evaluated_at desc);

-- A proposed AI use case on its way through the architecture board.
create table proposal (
    id                      uuid primary key,
    title                   varchar(200)  not null,
    owner                   varchar(100)  not null,
    business_justification  varchar(4000) not null,
    submitted_by            varchar(100)  not null,
    submitted_at            timestamp(6) with time zone not null,
    state                   varchar(32)   not null check (state in ('SUBMITTED', 'UNDER_REVIEW', 'APPROVED',
                                'APPROVED_WITH_CONDITIONS', 'REJECTED', 'WITHDRAWN')),
    latest_evaluation_id    uuid          not null references audit_log (id),
    -- 0 prohibited, 1 high exposure, 2 board review, 3 the rest: the board queue's first key.
    risk_rank               smallint      not null,
    -- Set when a ruleset change altered the approach or verdict; cleared by the next board decision.
    flagged                 boolean       not null default false,
    flag_reason             varchar(2000),
    decision_id             uuid references audit_log (id),
    updated_at              timestamp(6) with time zone not null,
    version                 bigint        not null default 0
);
create index proposal_queue_idx on proposal (risk_rank, submitted_at) where state in ('SUBMITTED', 'UNDER_REVIEW');
create index proposal_state_idx on proposal (state, submitted_at desc);
create index proposal_owner_idx on proposal (owner, submitted_at desc);

-- Every evaluation of a proposal, in order: at submission and after each ruleset change.
create table proposal_evaluation (
    proposal_id     uuid        not null references proposal (id),
    evaluation_id   uuid        not null references audit_log (id),
    at              timestamp(6) with time zone not null,
    reason          varchar(32) not null check (reason in ('SUBMITTED', 'RULESET_CHANGED')),
    primary key (proposal_id, evaluation_id)
);

-- Every change of state, with who made it.
create table proposal_event (
    id           uuid primary key,
    proposal_id  uuid         not null references proposal (id),
    at           timestamp(6) with time zone not null,
    actor        varchar(100) not null,
    from_state   varchar(32),
    to_state     varchar(32)  not null,
    note         varchar(2000)
);
create index proposal_event_proposal_idx on proposal_event (proposal_id, at);

create trigger proposal_evaluation_append_only before update or delete on proposal_evaluation
    for each row execute function refuse_audit_change();
create trigger proposal_evaluation_no_truncate before truncate on proposal_evaluation
    for each statement execute function refuse_audit_change();
create trigger proposal_event_append_only before update or delete on proposal_event
    for each row execute function refuse_audit_change();
create trigger proposal_event_no_truncate before truncate on proposal_event
    for each statement execute function refuse_audit_change();
