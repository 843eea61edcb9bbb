-- The audit chain is kept in partitions of consecutive sequence numbers (README, "Retention"): each
-- partition is a contiguous piece of the chain, so the oldest can be archived and detached once
-- every record in it is past its retention, leaving a chain that starts cleanly after it. Searches
-- and exports read each partition's own indexes; appends go to the newest partition only.

-- A refusal names the table people know, audit_log, rather than the partition that refused.
create or replace function refuse_audit_change() returns trigger
    language plpgsql as
$$
declare
    refused_table text := coalesce((select parent.relname from pg_inherits i join pg_class parent on parent.oid = i.inhparent
                                     where i.inhrelid = tg_relid), tg_table_name);
begin
    raise exception '% is append-only: % refused', refused_table, tg_op
        using errcode = 'insufficient_privilege',
              hint = 'audit records and rule versions are never changed or removed';
end;
$$;

-- Partitions are made as the chain reaches them: each new one continues where the last ends, so
-- changing the size never makes two overlap. Returns the end (exclusive) of the partition that
-- holds seq.
create function audit_log_partition_for(target_seq bigint, partition_size bigint) returns bigint
    language plpgsql as
$$
declare
    upper_bound bigint;
    partition_name text;
begin
    -- One at a time, across instances and the service's own threads: each reads the last bound
    -- only once it holds the lock, so no two make the same partition.
    perform pg_advisory_xact_lock(hashtext('audit_log_partition_for'));
    loop
        select coalesce(max((regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \(''?(\d+)''?\)'))[1]::bigint), 1)
          into upper_bound
          from pg_inherits i join pg_class c on c.oid = i.inhrelid
         where i.inhparent = 'audit_log'::regclass;
        if target_seq < upper_bound then
            return upper_bound;
        end if;
        partition_name := format('audit_log_p%s', lpad(upper_bound::text, 12, '0'));
        -- Made apart and then attached: attaching locks out writers of audit_log for a moment, while
        -- creating a partition in place would wait for every reader (a long export) and block
        -- everyone queued behind it.
        execute format('create table %I (like audit_log including defaults including constraints)', partition_name);
        execute format('alter table audit_log attach partition %I for values from (%s) to (%s)',
                       partition_name, upper_bound, upper_bound + partition_size);
        -- TRUNCATE of a partition fires the partition's own statement triggers, not the parent's.
        execute format('create trigger %I before truncate on %I for each statement execute function refuse_audit_change()',
                       partition_name || '_no_truncate', partition_name);
    end loop;
end;
$$;

-- A partitioned table cannot be referenced by a foreign key on a column other than its partition
-- key: proposals keep their evaluation ids without the database checking them (the service writes
-- both, the evaluation's record first).
alter table proposal drop constraint proposal_latest_evaluation_id_fkey;
alter table proposal drop constraint proposal_decision_id_fkey;
alter table proposal_evaluation drop constraint proposal_evaluation_evaluation_id_fkey;

alter table audit_log rename to audit_log_unpartitioned;
create table audit_log (like audit_log_unpartitioned including defaults including constraints) partition by range (seq);
select audit_log_partition_for(coalesce(max(seq), 0), 1000000) from audit_log_unpartitioned;
insert into audit_log select * from audit_log_unpartitioned order by seq;
drop table audit_log_unpartitioned;

alter table audit_log add constraint audit_log_pkey primary key (seq);
alter table audit_log add constraint audit_log_ruleset_version_fk foreign key (ruleset_version) references ruleset_version (id);
create index audit_log_id_idx on audit_log (id);
create index audit_log_evaluated_at_idx on audit_log (evaluated_at desc, id desc);
create index audit_log_kind_idx on audit_log (kind, evaluated_at desc);
create index audit_log_approach_idx on audit_log (approach, evaluated_at desc);
create index audit_log_verdict_idx on audit_log (verdict, evaluated_at desc);
create index audit_log_ruleset_version_idx on audit_log (ruleset_version, evaluated_at desc);
create index audit_log_requested_by_idx on audit_log (requested_by, evaluated_at desc);
create index audit_log_exposures_idx on audit_log using gin (exposures jsonb_path_ops);
create index audit_log_fired_rules_idx on audit_log using gin (fired_rules jsonb_path_ops);
create index audit_log_name_trgm_idx on audit_log using gin (use_case_name gin_trgm_ops);
create index audit_log_description_trgm_idx on audit_log using gin ((input ->> 'description') gin_trgm_ops);

-- Row triggers on the partitioned table apply to every partition, present and future.
create trigger audit_log_append_only before update or delete on audit_log
    for each row execute function refuse_audit_change();
create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function refuse_audit_change();

-- Partitions archived before they were detached (README, "Retention"): what was archived, where,
-- the hash of the archive file and of the last record, by whom. The chain is verified from the
-- record after the latest one, which must link to its last hash.
create table audit_archive (
    id              bigint generated always as identity primary key,
    partition_name  varchar(63)  not null unique,
    first_seq       bigint       not null,
    last_seq        bigint       not null,
    last_hash       char(64)     not null,
    records         bigint       not null,
    file            text         not null,
    file_sha256     char(64)     not null,
    archived_at     timestamp(6) with time zone not null,
    archived_by     varchar(255) not null
);
create trigger audit_archive_append_only before update or delete on audit_archive
    for each row execute function refuse_audit_change();
create trigger audit_archive_no_truncate before truncate on audit_archive
    for each statement execute function refuse_audit_change();
