-- People who may sign in with HTTP Basic: a bcrypt hash of the password (never the password) and roles.
create table app_user (
    username       varchar(100) primary key,
    password_hash  varchar(100) not null,
    roles          jsonb        not null,
    created_at     timestamp(6) with time zone not null,
    created_by     varchar(100) not null,
    updated_at     timestamp(6) with time zone not null
);

-- Who created, changed or removed which account, kept like the audit trail (SOX access control evidence).
create table user_event (
    id          uuid primary key,
    at          timestamp(6) with time zone not null,
    actor       varchar(100) not null,
    username    varchar(100) not null,
    action      varchar(32)  not null check (action in ('CREATED', 'ROLES_CHANGED', 'PASSWORD_CHANGED', 'REMOVED')),
    roles       jsonb
);
create index user_event_username_idx on user_event (username, at desc);

create trigger user_event_append_only before update or delete on user_event
    for each row execute function refuse_audit_change();
create trigger user_event_no_truncate before truncate on user_event
    for each statement execute function refuse_audit_change();
