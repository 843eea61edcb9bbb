-- A pending change goes stale when its files leave the rules folder or its base version stops
-- serving: it is then SUPERSEDED, with the reason, and can no longer be approved.
alter table rule_change drop constraint rule_change_status_check;
alter table rule_change add constraint rule_change_status_check
    check (status in ('PENDING', 'ACTIVATED', 'REJECTED', 'SUPERSEDED'));

alter table ruleset_event drop constraint ruleset_event_kind_check;
alter table ruleset_event add constraint ruleset_event_kind_check
    check (kind in ('ACTIVATED', 'REJECTED', 'UPLOADED', 'CHANGE_PROPOSED', 'CHANGE_APPROVED', 'CHANGE_REJECTED',
                    'CHANGE_SUPERSEDED', 'EMERGENCY_ACTIVATION'));
