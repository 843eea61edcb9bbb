package io.aigov.console.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On a machine without Debian's browser packages, the browser tests fail with a first line that says what to install. */
class BrowserPackagesTest {

    @TempDir
    Path bin;

    @Test
    void theFirstLineNamesTheMissingPackageAndTheCommandThatInstallsIt() throws IOException {
        Path chromium = executable("chromium");
        IllegalStateException noDriver = assertThrows(IllegalStateException.class,
                () -> Browser.requireInstalled(chromium, bin.resolve("chromedriver")));
        assertEquals("Debian package chromium-driver is missing (no " + bin.resolve("chromedriver")
                + "): apt-get install chromium chromium-driver", firstLine(noDriver));

        IllegalStateException neither = assertThrows(IllegalStateException.class,
                () -> Browser.requireInstalled(bin.resolve("none"), bin.resolve("chromedriver")));
        assertEquals("Debian packages chromium, chromium-driver are missing (no " + bin.resolve("none") + ", no "
                + bin.resolve("chromedriver") + "): apt-get install chromium chromium-driver", firstLine(neither));
    }

    private Path executable(String name) throws IOException {
        return Files.createFile(bin.resolve(name), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    private static String firstLine(Exception e) {
        return e.getMessage().lines().findFirst().orElse("");
    }
}
