package io.aigov.decision.ruleset;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

import io.aigov.decision.rulefile.RuleFile;

/**
 * Identifies the exact rule files that decided an evaluation: the SHA-256, in lower-case hex, over
 * the files sorted by name, each contributing its UTF-8 name, a NUL byte, its UTF-8 content and a
 * NUL byte. Any change to any file, or a file added or removed, gives a new version.
 */
public final class RulesetVersion {

    private RulesetVersion() {
    }

    public static String of(List<RuleFile> files) {
        MessageDigest sha256 = newSha256();
        files.stream().sorted(Comparator.comparing(RuleFile::name)).forEach(file -> {
            sha256.update(file.name().getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            sha256.update(file.content().getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
        });
        return HexFormat.of().formatHex(sha256.digest());
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
