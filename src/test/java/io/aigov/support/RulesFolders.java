package io.aigov.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Rules folders for tests to run the service on, so that nothing a test does touches rules/. */
public final class RulesFolders {

    private RulesFolders() {
    }

    /** A new temporary folder holding a copy of rules/, golden cases included. */
    public static Path copyOfRules(String prefix) {
        try {
            Path folder = Files.createTempDirectory(prefix);
            Files.createDirectories(folder.resolve("tests"));
            Path original = Path.of("rules");
            try (Stream<Path> files = Files.walk(original)) {
                for (Path source : files.filter(Files::isRegularFile).toList()) {
                    Path target = folder.resolve(original.relativize(source).toString());
                    Files.createDirectories(target.getParent());
                    Files.copy(source, target);
                }
            }
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
