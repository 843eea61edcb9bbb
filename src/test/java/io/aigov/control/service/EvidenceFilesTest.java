package io.aigov.control.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** An evidence file's name is a label: what could make it a path, or disguise it, is taken out. */
class EvidenceFilesTest {

    @Test
    void foldersControlAndFormatCharactersLeaveTheName() {
        assertEquals("passwd.pdf", EvidenceFiles.displayName("../../etc/passwd.pdf"));
        assertEquals("report.pdf", EvidenceFiles.displayName("C:\\Users\\me\\report.pdf"));
        assertEquals("evilfdp.exe", EvidenceFiles.displayName("evil\u202Efdp.exe"), "a right-to-left override would show it as evilexe.pdf");
        assertEquals("ab.pdf", EvidenceFiles.displayName("a\u0000b\n.pdf"));
    }

    @Test
    void aNameOfNothingButDotsOrNothingAtAllIsEvidence() {
        assertEquals("evidence", EvidenceFiles.displayName(".."));
        assertEquals("evidence", EvidenceFiles.displayName("uploads/"));
        assertEquals("evidence", EvidenceFiles.displayName(null));
    }

    @Test
    void aLongNameKeepsItsEnd() {
        String name = "x".repeat(300) + ".pdf";
        assertEquals(200, EvidenceFiles.displayName(name).length());
        assertTrue(EvidenceFiles.displayName(name).endsWith(".pdf"));
    }
}
