-- The audit trail and the rule history are append-only in the database itself: whatever the
-- application does, no UPDATE, DELETE or TRUNCATE reaches these tables. (A superuser can still
-- disable a trigger; the audit chain makes that visible.)
create function refuse_audit_change() returns trigger
    language plpgsql as
$$
begin
    raise exception '% is append-only: % refused', tg_table_name, tg_op
        using errcode = 'insufficient_privilege',
              hint = 'audit records and rule versions are never changed or removed';
end;
$$;

create trigger audit_log_append_only before update or delete on audit_log
    for each row execute function refuse_audit_change();
create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function refuse_audit_change();

create trigger ruleset_version_append_only before update or delete on ruleset_version
    for each row execute function refuse_audit_change();
create trigger ruleset_version_no_truncate before truncate on ruleset_version
    for each statement execute function refuse_audit_change();

create trigger ruleset_event_append_only before update or delete on ruleset_event
    for each row execute function refuse_audit_change();
create trigger ruleset_event_no_truncate before truncate on ruleset_event
    for each statement execute function refuse_audit_change();
