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

/**
 * The class path a check process needs: every jar and class folder the service's own class loader
 * reads. The service does not run from a plain class path in any mode (Quarkus' class loaders serve
 * the application in tests and dev mode, and from {@code quarkus-app/app} and {@code lib/main} when
 * packaged), so it is found by asking that class loader where its resources come from: each jar has
 * a manifest, and the application's own classes are where the child's main class is (a folder in
 * tests and dev mode).
 *
 * <p>One jar is left out: the MicroProfile Config API's. With it, Drools reads its settings through
 * the service's configuration, which the check process would build from the application's sources
 * (some 250 classes, and about a second of CPU time in each process); without it, from system properties.
 */
final class ChildClassPath {

    private static final String MANIFEST = "META-INF/MANIFEST.MF";
    private static final String CONFIGURATION_API = "org/eclipse/microprofile/config/ConfigProvider.class";

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
                rootOf(manifest, MANIFEST).ifPresent(entries::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the application's jars", e);
        }
        URL configurationApi = loader.getResource(CONFIGURATION_API);
        if (configurationApi != null) {
            rootOf(configurationApi, CONFIGURATION_API).ifPresent(entries::remove);
        }
        return List.copyOf(entries);
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
