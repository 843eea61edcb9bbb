package io.aigov.ruleset.isolation.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A bubblewrap sandbox for the check process: new namespaces for everything (so no network: its
 * network namespace has nothing in it), no capabilities, no environment, a fresh {@code /proc},
 * a minimal {@code /dev}, a small {@code /tmp} of its own, and read-only views of only what a JVM
 * running the check needs: {@code /usr} (with the merged {@code /lib}, {@code /bin} links), the JDK and
 * the files its links point to (Debian keeps its configuration in {@code /etc/java-17-openjdk}), and
 * each class path entry. It dies with the service.
 */
final class Bubblewrap {

    private static final Path USR = Path.of("/usr");
    /** Top-level folders that merged-/usr systems make links into /usr, and older ones keep as folders. */
    private static final List<String> SYSTEM_FOLDERS = List.of("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");
    private static final String TMP_SIZE = String.valueOf(16 * 1024 * 1024);

    private final Path executable;
    private final List<String> options;

    private Bubblewrap(Path executable, List<String> options) {
        this.executable = executable;
        this.options = options;
    }

    static Bubblewrap sandbox(Path executable, Path javaHome, Collection<Path> classPath) {
        List<String> options = new ArrayList<>(List.of("--unshare-all", "--die-with-parent", "--new-session", "--clearenv",
                "--cap-drop", "ALL", "--proc", "/proc", "--dev", "/dev", "--size", TMP_SIZE, "--tmpfs", "/tmp",
                "--ro-bind", USR.toString(), USR.toString()));
        for (String folder : SYSTEM_FOLDERS) {
            Path path = Path.of(folder);
            try {
                if (Files.isSymbolicLink(path)) {
                    options.addAll(List.of("--symlink", Files.readSymbolicLink(path).toString(), folder));
                } else if (Files.isDirectory(path)) {
                    options.addAll(List.of("--ro-bind", folder, folder));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path, e);
            }
        }
        // Bound after the /tmp of its own, so that files under /tmp stay visible.
        for (Path readable : readable(javaHome, classPath)) {
            options.addAll(List.of("--ro-bind", readable.toString(), readable.toString()));
        }
        options.addAll(List.of("--chdir", "/tmp", "--"));
        return new Bubblewrap(executable, List.copyOf(options));
    }

    List<String> wrap(List<String> command) {
        List<String> wrapped = new ArrayList<>();
        wrapped.add(executable.toString());
        wrapped.addAll(options);
        wrapped.addAll(command);
        return wrapped;
    }

    Path executable() {
        return executable;
    }

    /** The JDK, what its links point to, and the class path: whatever /usr does not hold already. */
    private static List<Path> readable(Path javaHome, Collection<Path> classPath) {
        Set<Path> wanted = new TreeSet<>();
        wanted.add(javaHome);
        try (Stream<Path> files = Files.walk(javaHome)) {
            for (Path link : files.filter(Files::isSymbolicLink).toList()) {
                Path target = link.getParent().resolve(Files.readSymbolicLink(link)).normalize();
                if (Files.exists(target)) {
                    wanted.add(target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the JDK at " + javaHome, e);
        }
        wanted.addAll(classPath);
        // Sorted, a folder comes before what it holds, which is visible through it.
        List<Path> readable = new ArrayList<>();
        for (Path path : wanted) {
            if (!path.startsWith(USR) && readable.stream().noneMatch(path::startsWith)) {
                readable.add(path);
            }
        }
        return readable;
    }
}
