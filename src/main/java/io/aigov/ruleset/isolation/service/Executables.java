package io.aigov.ruleset.isolation.service;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/** Programs the check processes are started through (bubblewrap, nice), found as a shell would. */
final class Executables {

    private Executables() {
    }

    /** The executable of that name from the service's PATH (or /usr/bin), if installed. */
    static Optional<Path> find(String name, String searchPath) {
        Stream<String> folders = Stream.concat(Stream.of((searchPath == null ? "" : searchPath).split(":")), Stream.of("/usr/bin"));
        return folders.filter(folder -> !folder.isBlank()).map(folder -> Path.of(folder, name)).filter(Files::isExecutable).findFirst();
    }
}
