-- Controls (docs/controls.md): for each obligation of a use case's current decision, a control with
-- an owner, a due date and a status, the evidence that shows it is met, the owner's attestation and
-- a review by compliance. Every change is also a CONTROL_EVENT record of the audit chain.
create table control (
    id                   uuid primary key,
    use_case_id          uuid          not null references proposal (id),
    obligation_id        varchar(200)  not null,
    regime               varchar(100)  not null,
    title                varchar(1000) not null,
    citation             varchar(1000),
    -- What may show it is met, as the pack declared it when the control was opened.
    evidence_kinds       jsonb         not null,
    recurrence_months    integer,
    applies_from         date,
    owner                varchar(100)  not null,
    due_on               date          not null,
    status               varchar(32)   not null check (status in ('OPEN', 'IN_PROGRESS', 'EVIDENCED', 'ATTESTED', 'ACCEPTED',
                                                                   'NOT_APPLICABLE', 'OVERDUE', 'CLOSED')),
    -- A recurring control starts a new cycle before each due date; evidence, attestation and review belong to one cycle.
    cycle                integer       not null default 1,
    not_applicable_reason varchar(2000),
    attestation          varchar(4000),
    attested_by          varchar(100),
    attested_at          timestamp(6) with time zone,
    reviewed_by          varchar(100),
    reviewed_at          timestamp(6) with time zone,
    review_note          varchar(2000),
    -- The due date a reminder was sent for, so that each due date is reminded once.
    reminded_for         date,
    opened_at            timestamp(6) with time zone not null,
    opened_by_evaluation uuid          not null,
    closed_at            timestamp(6) with time zone,
    closed_reason        varchar(2000),
    updated_at           timestamp(6) with time zone not null,
    version              bigint        not null default 0,
    check ((status = 'CLOSED') = (closed_at is not null)),
    check (status <> 'NOT_APPLICABLE' or not_applicable_reason is not null)
);
-- One live control per obligation of a use case; closed ones stay for the history.
create unique index control_live_idx on control (use_case_id, obligation_id) where closed_at is null;
create index control_use_case_idx on control (use_case_id, opened_at);
create index control_due_idx on control (due_on) where status not in ('ACCEPTED', 'NOT_APPLICABLE', 'CLOSED');
create index control_status_idx on control (status, updated_at);

-- Evidence: a file kept here (never on a path its name chose) with its SHA-256, or a link with the day it was retrieved.
create table control_evidence (
    id            uuid primary key,
    control_id    uuid          not null references control (id),
    cycle         integer       not null,
    kind          varchar(32)   not null check (kind in ('DOCUMENT', 'LINK', 'TEST_RESULT')),
    name          varchar(255)  not null,
    content_type  varchar(100),
    size          bigint,
    sha256        varchar(64) check (sha256 ~ '^[0-9a-f]{64}$'),
    content       bytea,
    url           varchar(2000),
    retrieved_on  date,
    note          varchar(2000),
    added_by      varchar(100)  not null,
    added_at      timestamp(6) with time zone not null,
    check ((kind = 'LINK') = (url is not null)),
    check ((content is null) = (kind = 'LINK')),
    check (content is null or sha256 is not null and size = octet_length(content))
);
create index control_evidence_control_idx on control_evidence (control_id, added_at);
-- Kept for good: a file once shown as evidence is never changed or removed, as its hash in the chain says.
create trigger control_evidence_append_only before update or delete on control_evidence
    for each row execute function refuse_audit_change();
create trigger control_evidence_no_truncate before truncate on control_evidence
    for each statement execute function refuse_audit_change();

-- A control's history is read from the chain by the control's id, and a use case's dossier by the use case's id.
create index audit_log_control_idx on audit_log ((event -> 'details' ->> 'control')) where kind = 'CONTROL_EVENT';
create index audit_log_use_case_event_idx on audit_log ((event -> 'details' ->> 'useCase')) where kind in ('INVENTORY_EVENT', 'CONTROL_EVENT');
create index audit_log_board_decision_idx on audit_log ((decision ->> 'proposalId')) where kind = 'BOARD_DECISION';

alter table audit_log drop constraint audit_log_kind_check;
alter table audit_log add constraint audit_log_kind_check
    check (kind in ('EVALUATION', 'BOARD_DECISION', 'RULESET_EVENT', 'USER_EVENT', 'COUNTERFACTUALS', 'INVENTORY_EVENT', 'CONTROL_EVENT'));

-- Notices of controls: a due date ahead, a control overdue, an attestation waiting for review.
alter table notification drop constraint notification_notice_check;
alter table notification add constraint notification_notice_check
    check (notice in ('REASSESSMENT', 'DECISION', 'PROHIBITED', 'UPCOMING', 'CONTROL_DUE', 'CONTROL_OVERDUE', 'CONTROL_ATTESTED'));
alter table notification_setting add column controls boolean not null default true;
