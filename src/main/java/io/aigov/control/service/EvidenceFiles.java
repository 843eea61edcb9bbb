package io.aigov.control.service;

import java.io.IOException;
import java.io.InputStream;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.tika.Tika;

import io.aigov.control.config.ControlsConfig;
import io.aigov.shared.Sha256;

/**
 * An evidence file is untrusted: it is read up to the size kept and no further, its type is
 * sniffed from its bytes (what its sender claims is not asked) and must be one kept, and its name
 * is shown, never used as a path. Nothing here opens, unpacks or runs it.
 */
@ApplicationScoped
public class EvidenceFiles {

    /** A file fit to keep. */
    public record Checked(String name, String contentType, byte[] content, String sha256) {
    }

    private static final int MAX_NAME = 200;

    /** Magic-byte detection only: no parser of the file's format is loaded. */
    private final Tika tika = new Tika();
    private final ControlsConfig config;

    public EvidenceFiles(ControlsConfig config) {
        this.config = config;
    }

    /** @throws ControlRefusedException when the file is empty, too large or of a type not kept */
    public Checked check(String sentName, InputStream sent) throws IOException {
        long max = config.evidenceMaxSize().asLongValue();
        byte[] content = sent.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        if (content.length > max) {
            throw ControlRefusedException.refusedFile(ControlRefusedException.Reason.TOO_LARGE,
                    "is larger than the " + max + " bytes an evidence file may have (aigov.controls.evidence-max-size)");
        }
        if (content.length == 0) {
            throw ControlRefusedException.invalid("file", "is empty");
        }
        String type = tika.detect(content);
        if (!config.evidenceTypes().contains(type)) {
            throw ControlRefusedException.refusedFile(ControlRefusedException.Reason.UNSUPPORTED_TYPE, "is " + type
                    + " by its content, which is not kept as evidence; kept are " + String.join(", ", config.evidenceTypes())
                    + " (aigov.controls.evidence-types)");
        }
        return new Checked(displayName(sentName), type, content, Sha256.hex(content));
    }

    /** The last part of the name as sent, without folders or control and format characters: a label, never a path. */
    static String displayName(String sent) {
        String name = sent == null ? "" : sent;
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        // Control characters, and format characters such as a right-to-left override that would show "exe.pdf" as "fdp.exe".
        name = name.replaceAll("[\\p{Cntrl}\\p{Cf}]", "").strip();
        if (name.isEmpty() || name.chars().allMatch(c -> c == '.')) {
            return "evidence";
        }
        return name.length() > MAX_NAME ? name.substring(name.length() - MAX_NAME) : name;
    }
}
