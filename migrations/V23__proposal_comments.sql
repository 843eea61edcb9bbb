-- What the board, the submitter and compliance say about a proposal while it is decided: kept for good, in order.
create table proposal_comment (
    id           uuid primary key,
    proposal_id  uuid          not null references proposal (id),
    at           timestamp(6) with time zone not null,
    author       varchar(100)  not null,
    text         varchar(4000) not null
);
create index proposal_comment_proposal_idx on proposal_comment (proposal_id, at);

create trigger proposal_comment_append_only before update or delete on proposal_comment
    for each row execute function refuse_audit_change();
create trigger proposal_comment_no_truncate before truncate on proposal_comment
    for each statement execute function refuse_audit_change();
