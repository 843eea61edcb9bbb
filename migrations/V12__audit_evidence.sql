-- Signed checkpoints of the chain's head (README, "Signed checkpoints"): append-only like the chain.
create table audit_checkpoint (
    id         bigint generated always as identity primary key,
    seq        bigint       not null,
    hash       char(64)     not null,
    signed_at  timestamp(6) with time zone not null,
    -- The first 16 hex digits of the SHA-256 of the signing public key.
    key_id     varchar(16)  not null,
    -- Ed25519 over the canonical JSON of seq, hash and signedAt, base64.
    signature  varchar(200) not null
);
create index audit_checkpoint_key_seq_idx on audit_checkpoint (key_id, seq desc);

create trigger audit_checkpoint_append_only before update or delete on audit_checkpoint
    for each row execute function refuse_audit_change();
create trigger audit_checkpoint_no_truncate before truncate on audit_checkpoint
    for each statement execute function refuse_audit_change();

-- How far each SIEM sink has acknowledged the chain (README, "Streaming to a SIEM"): delivery resumes
-- after this seq. One instance delivers to a sink at a time, holding its row.
create table audit_stream_position (
    sink            varchar(1000) primary key,
    delivered_seq   bigint        not null,
    updated_at      timestamp(6) with time zone not null
);
