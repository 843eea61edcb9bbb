-- Every ruleset that became active, with all its files, so any evaluation can be explained and re-run.
create table ruleset_version (
    id                  varchar(64)  primary key,            -- SHA-256 over the files (README, "Ruleset version")
    files               jsonb        not null,               -- [{"name": ..., "content": ...}], sorted by name
    first_activated_at  timestamp(6) with time zone not null,
    activated_by        varchar(255),
    source              varchar(16)  not null check (source in ('FOLDER', 'API', 'BUNDLED')),
    origin              text
);

-- Every evaluation names a stored version: the service stores a version before it serves with it.
alter table audit_log
    add constraint audit_log_ruleset_version_fk foreign key (ruleset_version) references ruleset_version (id);

-- What happened to rules, and who did it: activations, rejected candidates, uploads.
create table ruleset_event (
    id               bigint generated always as identity primary key,
    occurred_at      timestamp(6) with time zone not null,
    kind             varchar(16)  not null check (kind in ('ACTIVATED', 'REJECTED', 'UPLOADED')),
    ruleset_version  varchar(64)  not null,                  -- the candidate's version, stored only if activated
    actor            varchar(255),
    source           varchar(16)  not null check (source in ('FOLDER', 'API', 'BUNDLED')),
    origin           text,
    details          jsonb        not null
);

create index ruleset_event_occurred_at_idx on ruleset_event (occurred_at desc, id desc);
