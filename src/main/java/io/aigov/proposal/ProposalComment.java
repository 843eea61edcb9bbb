package io.aigov.proposal;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** Something said about a proposal while it is decided (a question, an answer, a concern), by whom and when. Kept for good. */
@Entity
@Immutable
@Table(name = "proposal_comment")
public class ProposalComment extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID proposalId;
    public Instant at;
    public String author;
    public String text;
}
