-- Four-eyes control of rule changes: a checked candidate waits here until a second person approves it.
create table rule_change (
    id                 uuid primary key,
    proposed_at        timestamp(6) with time zone not null,
    -- The signed-in author; null for an edit saved in the rules folder, whose author the service cannot know.
    proposed_by        varchar(255),
    source             varchar(16)  not null check (source in ('FOLDER', 'API')),
    origin             text,
    -- The version that served when the change was proposed: approving it over another version is refused.
    base_version       varchar(64)  not null,
    candidate_version  varchar(64)  not null,
    -- Every file of the candidate, [{"name": ..., "content": ...}], and the file an upload replaces.
    files              jsonb        not null,
    uploaded_file      varchar(255),
    -- The gate's report (safety, compilation, golden cases) and the impact on recent decisions.
    report             jsonb        not null,
    impact             jsonb        not null,
    status             varchar(16)  not null check (status in ('PENDING', 'ACTIVATED', 'REJECTED')),
    decided_by         varchar(255),
    decided_at         timestamp(6) with time zone,
    decision_note      text,
    emergency          boolean      not null default false,
    version            bigint       not null default 0
);
create index rule_change_status_idx on rule_change (status, proposed_at desc);

-- The rule history also records proposals, approvals, rejections and emergency activations.
alter table ruleset_event alter column kind type varchar(32);
alter table ruleset_event drop constraint ruleset_event_kind_check;
alter table ruleset_event add constraint ruleset_event_kind_check
    check (kind in ('ACTIVATED', 'REJECTED', 'UPLOADED', 'CHANGE_PROPOSED', 'CHANGE_APPROVED', 'CHANGE_REJECTED',
                    'EMERGENCY_ACTIVATION'));
