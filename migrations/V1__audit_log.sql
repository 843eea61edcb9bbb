-- One row per evaluation: what was asked, what was decided, by which rules and ruleset version.
create table audit_log (
    id                  uuid primary key,
    -- The tamper-evident chain (README, "Audit chain"): position, the previous record's hash, this record's hash.
    seq                 bigint       not null unique,
    prev_hash           varchar(64)  not null,
    hash                varchar(64)  not null,
    evaluated_at        timestamp(6) with time zone not null,
    -- The signed-in user once sign-in exists; never a value supplied by the client.
    requested_by        varchar(255),
    ruleset_version     varchar(64)  not null,
    use_case_name       varchar(200) not null,
    approach            varchar(16)  not null check (approach in ('PROMPTING', 'FINE_TUNING', 'HYBRID')),
    verdict             varchar(16)  not null check (verdict in ('ALLOWED', 'BOARD_REVIEW', 'PROHIBITED')),
    rag_recommended     boolean      not null,
    score_prompting     double precision not null,
    score_fine_tuning   double precision not null,
    input               jsonb        not null,
    -- Input fields replaced by "[masked]" before storing (configuration aigov.audit.masked-fields).
    masked_fields       jsonb        not null,
    exposures           jsonb        not null,
    fired_rules         jsonb        not null,
    warnings            jsonb        not null
);

-- Listing is newest first; the id breaks ties between evaluations of the same instant.
create index audit_log_evaluated_at_idx on audit_log (evaluated_at desc, id desc);
