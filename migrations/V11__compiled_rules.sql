-- The SHA-256 of every compiled form of rules an instance stored in its local cache folder. A form
-- is read back only when its digest is here, so neither the folder nor this table alone can make
-- the service run code it did not compile itself.
create table compiled_rules (
    sha256       char(64)     primary key,
    recorded_at  timestamp(6) with time zone not null default now()
);
