-- Who is told what (docs/notifications.md): each user's address and the notices they take.
create table notification_setting (
    username       varchar(100) primary key,
    email          varchar(254),
    reassessments  boolean not null default true,
    decisions      boolean not null default true,
    prohibited     boolean not null default true,
    updated_at     timestamp(6) with time zone not null
);

-- The outbox: every notice to every recipient, written in the transaction that caused it, delivered
-- afterwards and retried with back-off until it is, so nothing is lost while a mail server or a
-- webhook receiver is down. A delivery's id goes with it, for the receiver to drop a repeat.
create table notification (
    id               uuid primary key,
    notice           varchar(32)   not null check (notice in ('REASSESSMENT', 'DECISION', 'PROHIBITED')),
    channel          varchar(16)   not null check (channel in ('EMAIL', 'WEBHOOK')),
    recipient        varchar(1000) not null,
    use_case_id      uuid          not null references proposal (id),
    subject          varchar(300)  not null,
    body             text          not null,
    created_at       timestamp(6) with time zone not null,
    attempts         integer       not null default 0,
    next_attempt_at  timestamp(6) with time zone not null,
    delivered_at     timestamp(6) with time zone,
    last_error       varchar(1000)
);
create index notification_due_idx on notification (next_attempt_at) where delivered_at is null;
create index notification_created_idx on notification (created_at desc);
