package io.aigov.ruleset.service;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.aigov.decision.rulefile.RuleFile;
import io.aigov.decision.ruleset.CompiledRules;
import io.aigov.decision.ruleset.Ruleset;
import io.aigov.ruleset.config.RulesConfig;

/**
 * Keeps the compiled form of the rules this instance served in a local folder, so a restart serves
 * them without compiling the DRL again. The form is code, so it is read back only when the database
 * holds the SHA-256 of exactly those bytes, written when this service stored them: changing a file
 * in the folder, or a row in the database, alone never makes the service run code it did not
 * compile itself. Anything that does not fit (another build of the fact model, another Drools,
 * a form not recorded) is compiled again; the cache never decides what serves.
 */
@ApplicationScoped
public class CompiledRulesCache {

    private static final Logger LOG = Logger.getLogger(CompiledRulesCache.class);
    private static final String SUFFIX = ".compiled";
    /** Forms kept in the folder: the rules serving now and a few before them, for a rollback. */
    private static final int KEPT = 5;

    private final Optional<Path> directory;
    private final DataSource dataSource;

    public CompiledRulesCache(RulesConfig config, DataSource dataSource) {
        this.directory = config.compiledCacheDirectory().filter(name -> !name.isBlank()).map(Path::of);
        this.dataSource = dataSource;
    }

    /** These files' rules from their stored compiled form, if there is one that fits. */
    public Optional<Ruleset> load(List<RuleFile> files, String source) {
        if (directory.isEmpty()) {
            return Optional.empty();
        }
        Path file = directory.get().resolve(CompiledRules.key(files) + SUFFIX);
        byte[] form;
        try {
            form = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.warnf("Cannot read the compiled rules %s, compiling them again: %s", file, e.getMessage());
            return Optional.empty();
        }
        try {
            if (!recorded(CompiledRules.digest(form))) {
                LOG.warnf("The compiled rules %s are not the ones this service stored there; compiling the rules again", file);
                return Optional.empty();
            }
        } catch (SQLException e) {
            LOG.warnf("Cannot check the compiled rules %s, compiling the rules again: %s", file, e.getMessage());
            return Optional.empty();
        }
        Optional<Ruleset> ruleset = CompiledRules.read(form, files, source);
        if (ruleset.isEmpty()) {
            LOG.infof("The compiled rules %s were compiled by another build; compiling the rules again", file);
        } else {
            LOG.infof("Loaded the compiled rules from %s", file);
        }
        return ruleset;
    }

    /** Stores a ruleset this service compiled; failing to is logged, since the cache only saves time. */
    public void store(Ruleset ruleset) {
        if (directory.isEmpty()) {
            return;
        }
        Path file = directory.get().resolve(CompiledRules.key(ruleset.files()) + SUFFIX);
        try {
            byte[] form = CompiledRules.write(ruleset);
            record(CompiledRules.digest(form));
            Files.createDirectories(directory.get(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path written = Files.createTempFile(directory.get(), "storing-", ".tmp");
            Files.write(written, form);
            try {
                Files.move(written, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(written, file, StandardCopyOption.REPLACE_EXISTING);
            }
            removeAllBut(file);
        } catch (IOException | SQLException | RuntimeException e) {
            LOG.warnf("Cannot store the compiled rules in %s (the next start compiles them again): %s", directory.get(), e);
        }
    }

    private void removeAllBut(Path latest) throws IOException {
        List<Path> forms = new ArrayList<>();
        try (DirectoryStream<Path> stored = Files.newDirectoryStream(directory.get(), "*" + SUFFIX)) {
            stored.forEach(forms::add);
        }
        forms.remove(latest);
        forms.sort(Comparator.comparing(CompiledRulesCache::lastModified).reversed());
        for (Path old : forms.subList(Math.min(KEPT - 1, forms.size()), forms.size())) {
            Files.deleteIfExists(old);
        }
    }

    private static FileTime lastModified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private boolean recorded(String digest) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("select 1 from compiled_rules where sha256 = ?")) {
            select.setString(1, digest);
            try (ResultSet found = select.executeQuery()) {
                return found.next();
            }
        }
    }

    private void record(String digest) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "insert into compiled_rules (sha256) values (?) on conflict (sha256) do nothing")) {
            insert.setString(1, digest);
            insert.executeUpdate();
        }
    }
}
