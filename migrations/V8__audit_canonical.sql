-- The exact canonical text each record's hash covers (README, "Audit chain"), kept so that
-- verification checks the bytes that were hashed instead of serialising the record again with the
-- classes of the day: a field added to the model later must not make older records look altered.
-- Records written before this column existed have none; they are verified from their columns as stored.
alter table audit_log add column canonical text;
