-- The version that serves, on every instance of the service: one row, changed only together with an
-- ACTIVATED event. Instances learn of a change through NOTIFY aigov_ruleset and a periodic check.
create table active_ruleset (
    id               smallint     primary key default 1 check (id = 1),
    ruleset_version  varchar(64)  not null references ruleset_version (id),
    -- The golden cases the version was checked with, [{"name": ..., "content": ...}]; null when unknown
    -- (a version activated before this table existed).
    golden_cases     jsonb,
    activated_at     timestamp(6) with time zone not null,
    activated_by     varchar(255),
    source           varchar(16)  not null check (source in ('FOLDER', 'API', 'BUNDLED')),
    origin           text
);

-- Until now the version an instance activated last served: that is the latest activation recorded.
insert into active_ruleset (ruleset_version, activated_at, activated_by, source, origin)
select ruleset_version, occurred_at, actor, source, origin
from ruleset_event
where kind = 'ACTIVATED' and ruleset_version in (select id from ruleset_version)
order by occurred_at desc, id desc
limit 1;

-- Failed sign-ins, counted across instances: per user name and per client address.
create table sign_in_failure (
    subject        varchar(300) primary key,   -- 'user:<name>' or 'address:<ip>', as printable text
    failures       integer      not null,
    last_failed_at timestamp(6) with time zone not null
);
create index sign_in_failure_last_failed_at_idx on sign_in_failure (last_failed_at);
