package io.aigov.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.aigov.support.CapturedLog;

/** The audit evidence of an earlier version, kept beside data/, stays in use until it is moved under data/. */
class EarlierFoldersTest {

    @TempDir
    Path work;

    @Test
    void theEarlierFolderStaysInUseWhileItIsThereAloneAndTheLogSaysHowToMoveIt() throws IOException {
        Path configured = work.resolve("data").resolve("audit-evidence");
        assertEquals(configured, EarlierFolders.inUse(configured, "aigov.audit.checkpoint.directory"), "nothing earlier");

        Path earlier = Files.createDirectory(work.resolve("audit-evidence"));
        try (CapturedLog log = CapturedLog.of(EarlierFolders.class.getName())) {
            assertEquals(earlier, EarlierFolders.inUse(configured, "aigov.audit.checkpoint.directory"));
            assertTrue(log.all().contains("mv " + earlier + " " + configured), log.all());
        }

        Files.createDirectories(configured);
        assertEquals(configured, EarlierFolders.inUse(configured, "aigov.audit.checkpoint.directory"), "moved");
    }

    @Test
    void aFolderConfiguredElsewhereIsUsedAsItIs() throws IOException {
        Files.createDirectory(work.resolve("audit-evidence"));
        Path configured = work.resolve("evidence").resolve("audit-evidence");
        assertEquals(configured, EarlierFolders.inUse(configured, "aigov.audit.checkpoint.directory"));
    }
}
