package io.aigov.shared;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Secrets the service generates and keeps in files (keys, passwords): readable by its own user only. */
public final class OwnerOnlyFiles {

    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private OwnerOnlyFiles() {
    }

    /**
     * Writes the text to the file, readable and writable by this user only, unless the file exists.
     * The file appears whole or not at all, and one that exists (written by an earlier start, or by
     * another instance a moment earlier) is never replaced. Creates the folders above it.
     *
     * @return whether this call wrote the file
     */
    public static boolean createIfAbsent(Path file, String text) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        if (Files.exists(file)) {
            return false;
        }
        Path written = Files.createTempFile(folder, file.getFileName().toString(), ".tmp", OWNER_ONLY);
        try {
            Files.writeString(written, text, StandardCharsets.UTF_8);
            try (FileChannel channel = FileChannel.open(written, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            // A hard link is made whole or not at all, and never over an existing file.
            Files.createLink(file, written);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } finally {
            Files.deleteIfExists(written);
        }
    }
}
