package io.aigov.control;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import jakarta.persistence.Basic;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * One item shown as evidence for a control in one cycle: a file kept in the database with its
 * SHA-256, or a link with the day it was retrieved. Kept for good, as the audit chain names it.
 */
@Entity
@Immutable
@Table(name = "control_evidence")
public class ControlEvidence extends PanacheEntityBase {

    /** What an item of evidence is; an attestation is the control's own. */
    public enum Kind {
        DOCUMENT, LINK, TEST_RESULT
    }

    @Id
    public UUID id;
    public UUID controlId;
    public int cycle;
    @Enumerated(EnumType.STRING)
    public Kind kind;
    /** The file's name as sent, without any folder, or the link's host and path: shown, never used as a path. */
    public String name;
    /** As sniffed from the file's bytes, never as the sender said. */
    public String contentType;
    public Long size;
    public String sha256;
    @Basic(fetch = FetchType.LAZY)
    public byte[] content;
    public String url;
    public LocalDate retrievedOn;
    public String note;
    public String addedBy;
    public Instant addedAt;
}
