package io.aigov.audit;

import java.nio.file.Files;
import java.nio.file.Path;

import org.jboss.logging.Logger;

/**
 * Earlier versions kept the audit evidence and the archives in audit-evidence/ and audit-archive/
 * of the working directory; they now default to data/audit-evidence and data/audit-archive, beside
 * everything else the service writes. Until the new folder exists, an earlier one stays in use: a
 * log shipper may tail it, an auditor's notes may name it, and the checkpoint key it holds is the
 * one the checkpoints in the database were signed with. The log says how to move it.
 */
final class EarlierFolders {

    private static final Logger LOG = Logger.getLogger(EarlierFolders.class);

    private EarlierFolders() {
    }

    /** The folder to use for {@code configured}, {@code <x>/data/<name>}: {@code <x>/<name>} while only that one exists. */
    static Path inUse(Path configured, String property) {
        Path parent = configured.getParent();
        if (parent == null || !parent.getFileName().toString().equals("data") || Files.exists(configured)) {
            return configured;
        }
        Path earlier = parent.resolveSibling(configured.getFileName());
        if (!Files.isDirectory(earlier)) {
            return configured;
        }
        LOG.warnf("Using %s, where earlier versions kept it. To keep it in %s, as this version does by default, stop the service and run"
                + " mkdir -p %s && mv %s %s; or set %s=%s", earlier.toAbsolutePath(), configured.toAbsolutePath(), parent.toAbsolutePath(),
                earlier.toAbsolutePath(), configured.toAbsolutePath(), property, earlier);
        return earlier;
    }
}
