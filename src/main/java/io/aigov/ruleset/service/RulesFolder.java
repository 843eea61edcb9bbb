package io.aigov.ruleset.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.aigov.decision.rulefile.RuleFile;
import io.aigov.decision.ruleset.RulesetCandidate;
import io.aigov.ruleset.config.RulesConfig;

/** The configured rules folder: what it holds, as a candidate, and an accepted file written into it. */
@ApplicationScoped
public class RulesFolder {

    private static final Logger LOG = Logger.getLogger(RulesFolder.class);

    private final RulesConfig config;

    public RulesFolder(RulesConfig config) {
        this.config = config;
    }

    public Path directory() {
        return Path.of(config.directory()).toAbsolutePath().normalize();
    }

    /** Whether there is a folder; without one the service runs on its bundled rules. */
    public boolean exists() {
        return Files.isDirectory(directory());
    }

    /** What the folder holds now, read as data (RulesetSource). */
    public RulesetCandidate read() {
        return RulesetCandidate.fromDirectory(directory());
    }

    /**
     * Writes a file whose ruleset serves (an accepted upload or approved change) into the folder,
     * atomically. A folder that cannot be written keeps its files: the version serves from the
     * database already.
     */
    public void write(RuleFile file) {
        Path directory = directory();
        Path target = directory.resolve(file.name()).normalize();
        if (!target.startsWith(directory)) {
            throw new IllegalArgumentException("file name leaves the rules folder: " + file.name());
        }
        try {
            Files.createDirectories(target.getParent());
            if (!target.getParent().toRealPath().startsWith(directory.toRealPath())) {
                // tests/ linked out of the folder: the folder is read as data, never followed out of, and written the same way.
                LOG.warnf("%s was not written: its folder in the rules folder %s is a symbolic link out of it", file.name(), directory);
                return;
            }
            Path temporary = Files.createTempFile(target.getParent(), ".upload-", ".tmp");
            Files.writeString(temporary, file.content(), StandardCharsets.UTF_8);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // The version serves from the database already; a read-only folder (a ConfigMap, say) just keeps its files.
            LOG.warnf("%s could not be written to the rules folder %s (%s): the folder no longer holds what serves", file.name(),
                    directory, e.getMessage());
        }
    }
}
