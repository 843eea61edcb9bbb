package io.aigov.ruleset.rest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.quarkus.test.junit.QuarkusTestProfile;

import io.aigov.database.TestDatabases;
import io.aigov.support.NotificationReceivers;
import io.aigov.support.RulesFolders;

/** Runs the service on a copy of rules/ that tests may edit, as a rule author edits the real folder. */
public class WritableRulesFolder implements QuarkusTestProfile {

    static final Path FOLDER = RulesFolders.copyOfRules("rules-under-test");
    private static final Path CHECKPOINTS = newFolder("checkpoints-under-test");
    private static final Path ORIGINAL = Path.of("rules");

    @Override
    public Map<String, String> getConfigOverrides() {
        // These tests are about the checks and the swap; FourEyesRulesFolder covers approval.
        // A database of its own: what these tests activate must not become the other tests' active version.
        // Notices of the inventory go to receivers in this JVM (NotificationsTest).
        // Checkpoints of its own too: those that dossiers sign (DossierTest) belong to this database's chain alone.
        Map<String, String> overrides = new HashMap<>(NotificationReceivers.configuration());
        overrides.putAll(Map.of("aigov.rules.directory", FOLDER.toString(), "aigov.rules.approval-required", "false",
                "quarkus.datasource.jdbc.url", TestDatabases.fresh("aigov_rules_folder"),
                "aigov.audit.checkpoint.directory", CHECKPOINTS.toString()));
        return overrides;
    }

    private static Path newFolder(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Puts the folder back to a copy of rules/, removing anything a test added. */
    public static void restore() {
        try {
            try (Stream<Path> files = Files.walk(FOLDER)) {
                for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                    if (Files.isRegularFile(path) && !Files.exists(ORIGINAL.resolve(FOLDER.relativize(path)))) {
                        Files.delete(path);
                    }
                }
            }
            try (Stream<Path> files = Files.walk(ORIGINAL)) {
                for (Path source : files.filter(Files::isRegularFile).toList()) {
                    Path target = FOLDER.resolve(ORIGINAL.relativize(source).toString());
                    Files.createDirectories(target.getParent());
                    if (!Files.exists(target) || Files.mismatch(source, target) != -1) {
                        Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Saves a file as an editor does, whole at once: written beside the folder, then moved in. Written in
     * place, a large file was seen empty by the watcher when the writing thread stalled longer than the
     * folder's settle time on a busy machine, and a test read the refusal of the empty file.
     */
    public static void write(String name, String content) {
        try {
            Path target = FOLDER.resolve(name);
            Path written = Files.writeString(FOLDER.resolveSibling(FOLDER.getFileName() + "-" + target.getFileName() + ".saving"), content);
            Files.move(written, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void delete(String name) {
        try {
            Files.deleteIfExists(FOLDER.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rule files and properties at the folder's top level (not its golden cases), by name. */
    public static List<String> ruleFiles() {
        try (Stream<Path> files = Files.list(FOLDER)) {
            return files.map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith(".drl") || name.endsWith(".properties")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String read(String name) {
        try {
            return Files.readString(FOLDER.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
