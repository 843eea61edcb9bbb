package io.aigov.ruleset.isolation.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipFile;

/**
 * The class path a check process needs: the application's own classes and the jars of the
 * libraries a check runs (Drools and what it compiles and parses with, Jackson for the check's
 * protocol, the logging APIs), out of every jar and class folder the service's own class loader
 * reads. The service does not run from a plain class path in any mode (Quarkus' class loaders serve
 * the application in tests and dev mode, and from {@code quarkus-app/app} and {@code lib/main} when
 * packaged), so it is found by asking that class loader where its resources come from: each jar has
 * a manifest, and the application's own classes are where the child's main class is (a folder in
 * tests and dev mode).
 *
 * <p>Everything else stays out: the HTTP server, the database driver, Quarkus itself. A candidate's
 * code then cannot reach them even by reflection, and the child finds its classes in some 30 jars
 * instead of 250 (400 in the tests), each of which bubblewrap binds into the sandbox and each of
 * which a class the child looks for and does not find is looked up in. The MicroProfile
 * Configuration API stays out above all: with it, Drools reads its settings through the service's
 * configuration, which the check process would build from the application's sources (some 250
 * classes, and about a second of CPU time in each process); without it, from system properties.
 */
final class ChildClassPath {

    private static final String MANIFEST = "META-INF/MANIFEST.MF";
    /** A jar or folder holding classes under one of these goes on the child's class path. */
    private static final List<String> CHECK_PACKAGES = List.of(
            // Drools, its API and the compiler, parser and expression language it compiles rules with.
            "org/drools/", "org/kie/", "org/eclipse/jdt/", "org/mvel2/", "org/antlr/runtime/",
            // The check's protocol, golden cases and replayed inputs.
            "com/fasterxml/jackson/",
            // The logging APIs Drools and the application call (what they log goes nowhere or to stderr).
            "org/slf4j/", "org/jboss/logging/",
            // Annotations on the fact model.
            "jakarta/validation/", "org/eclipse/microprofile/openapi/");

    private ChildClassPath() {
    }

    static List<Path> of(Class<?> mainClass) {
        ClassLoader loader = mainClass.getClassLoader();
        String mainClassFile = mainClass.getName().replace('.', '/') + ".class";
        Set<Path> entries = new LinkedHashSet<>();
        URL main = loader.getResource(mainClassFile);
        if (main == null) {
            throw new IllegalStateException("cannot find " + mainClassFile + " for the check process");
        }
        rootOf(main, mainClassFile).ifPresent(entries::add);
        try {
            for (URL manifest : Collections.list(loader.getResources(MANIFEST))) {
                rootOf(manifest, MANIFEST).filter(ChildClassPath::holdsCheckClasses).ifPresent(entries::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the application's jars", e);
        }
        return List.copyOf(entries);
    }

    private static boolean holdsCheckClasses(Path root) {
        if (Files.isDirectory(root)) {
            return CHECK_PACKAGES.stream().anyMatch(prefix -> Files.isDirectory(root.resolve(prefix)));
        }
        try (ZipFile jar = new ZipFile(root.toFile())) {
            return jar.stream().anyMatch(entry -> CHECK_PACKAGES.stream().anyMatch(entry.getName()::startsWith));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root, e);
        }
    }

    /** The jar or folder a resource was found in; resources from elsewhere (the JDK, memory) have none. */
    private static Optional<Path> rootOf(URL resource, String name) {
        try {
            Path root = switch (resource.getProtocol()) {
                case "jar" -> {
                    String path = resource.getPath();
                    yield Path.of(URI.create(path.substring(0, path.indexOf("!/"))));
                }
                case "file" -> {
                    Path file = Path.of(resource.toURI());
                    for (int i = name.split("/").length; i > 0; i--) {
                        file = file.getParent();
                    }
                    yield file;
                }
                default -> null;
            };
            return Optional.ofNullable(root).filter(Files::exists);
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot tell where " + resource + " comes from", e);
        }
    }
}
