-- Dates move the ground under a use case: the rules compare the day of a decision with dates of
-- their thresholds, so a use case is decided again when such a date arrives, and the changes a
-- date within the horizon will bring are listed as upcoming (docs/inventory.md).

-- The day up to which a use case's decision is known to hold: the day it was decided, moved on
-- each day a date check finds the rules would decide it the same.
alter table proposal add column decided_as_of date;
update proposal p set decided_as_of = (select (a.evaluated_at at time zone 'UTC')::date from audit_log a where a.id = p.latest_evaluation_id);
alter table proposal alter column decided_as_of set not null;
-- What the rules will decide differently on each date within the horizon, as of the day it was worked out.
alter table proposal add column upcoming jsonb not null default '[]';
alter table proposal add column upcoming_as_of date;

alter table proposal_evaluation drop constraint proposal_evaluation_reason_check;
alter table proposal_evaluation add constraint proposal_evaluation_reason_check
    check (reason in ('SUBMITTED', 'RULESET_CHANGED', 'DATE_REACHED'));

-- A notice of an upcoming change, and the choice of a daily digest instead of one e-mail per notice.
alter table notification drop constraint notification_notice_check;
alter table notification add constraint notification_notice_check
    check (notice in ('REASSESSMENT', 'DECISION', 'PROHIBITED', 'UPCOMING'));
alter table notification add column digest boolean not null default false;
create index notification_digest_idx on notification (recipient, next_attempt_at) where delivered_at is null and digest;
alter table notification_setting add column upcoming boolean not null default true;
alter table notification_setting add column digest boolean not null default false;
