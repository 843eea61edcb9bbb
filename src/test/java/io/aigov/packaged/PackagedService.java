package io.aigov.packaged;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The packaged service, started as an operator starts it (java -jar with system properties), on a free port. */
final class PackagedService implements AutoCloseable {

    static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final Pattern LISTENING = Pattern.compile("Listening on: http://[^:/\\s]+:(\\d+)");
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /**
     * The quick compiler only, as in the unit tests' JVMs: a service that lives for a test spent a fifth of the packaged
     * tests' CPU time compiling with C2 (docs/performance.md, "The test suite"). And a port the service picks itself, read
     * back from its log: a port picked here and handed over was taken by another process, at times, before a slow start
     * reached it.
     */
    private static final List<String> QUICK_AND_ON_A_FREE_PORT = List.of("-XX:TieredStopAtLevel=1", "-Dquarkus.http.port=0");
    /**
     * No warm check process started with the service: it costs some 3 s of CPU time while the service starts, and these
     * tests change no rule code, or take a process of their own the first time they do (docs/rules.md).
     */
    static final String NO_SPARE_AT_START = "-Daigov.rules.check.spare-at-start=false";

    private final Process process;
    private final Path log;
    private final String marker;
    /** Where the service listens, once it said so in its log ({@link #awaitReady}). */
    volatile String base;

    private PackagedService(Process process, Path log, String marker) {
        this.process = process;
        this.log = log;
        this.marker = marker;
    }

    /**
     * @param name       names the log, target/packaged-{name}.log
     * @param marker     a path on the command line that identifies this service's processes (its embedded
     *                   PostgreSQL too), to clean up after a kill
     * @param properties system properties for the service
     */
    static PackagedService start(String name, String marker, Map<String, String> properties) throws IOException {
        List<String> options = new ArrayList<>();
        properties.forEach((key, value) -> options.add("-D" + key + "=" + value));
        // What the service writes under data/ by default stays out of the developer's own data/.
        if (!properties.containsKey("aigov.audit.checkpoint.directory")) {
            options.add("-Daigov.audit.checkpoint.directory=" + Path.of(marker, "audit-evidence-" + name));
        }
        if (!properties.containsKey("aigov.rules.compiled-cache-directory")) {
            options.add("-Daigov.rules.compiled-cache-directory=" + Path.of(marker, "compiled-rules-" + name));
        }
        options.add(NO_SPARE_AT_START);
        return launch(Path.of(""), name, marker, options);
    }

    /**
     * The service started as the README's quick start starts it: with nothing configured, in a
     * working directory of its own, which is also the marker of its processes.
     */
    static PackagedService startIn(Path workingDirectory, String name) throws IOException {
        return launch(workingDirectory, name, workingDirectory.toAbsolutePath().toString(), List.of());
    }

    /**
     * The service started by the repository's start script, as the README's quick start starts it, with these
     * arguments for its JVM: the working directory holds the script, the rules and target/quarkus-app, and is
     * also the marker of its processes.
     */
    static PackagedService startScript(Path workingDirectory, String name, List<String> jvmArguments) throws IOException {
        List<String> command = new ArrayList<>(List.of("sh", "start"));
        command.addAll(QUICK_AND_ON_A_FREE_PORT);
        command.addAll(jvmArguments);
        return run(workingDirectory, name, workingDirectory.toAbsolutePath().toString(), command);
    }

    private static PackagedService launch(Path workingDirectory, String name, String marker, List<String> options) throws IOException {
        assertTrue(Files.exists(JAR), JAR + " is built by the package phase");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(QUICK_AND_ON_A_FREE_PORT);
        command.addAll(options);
        command.addAll(List.of("-jar", JAR.toAbsolutePath().toString()));
        return run(workingDirectory, name, marker, command);
    }

    private static PackagedService run(Path workingDirectory, String name, String marker, List<String> command) throws IOException {
        Path log = Path.of("target", "packaged-" + name + ".log");
        Process process = new ProcessBuilder(command).directory(workingDirectory.toAbsolutePath().toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        return new PackagedService(process, log, marker);
    }

    PackagedService awaitReady(Duration deadline) throws InterruptedException, IOException {
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < end) {
            assertTrue(process.isAlive(), "the service exited at start-up: see " + log);
            if (base == null) {
                Matcher listening = LISTENING.matcher(log());
                if (listening.find()) {
                    base = "http://localhost:" + listening.group(1);
                } else {
                    Thread.sleep(250);
                    continue;
                }
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the service was not ready within " + deadline + ": see " + log);
    }

    Process process() {
        return process;
    }

    /** What the service has logged so far. */
    String log() throws IOException {
        return Files.readString(log);
    }

    HttpResponse<String> send(String method, String path, String user, String password, String contentType, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (user != null) {
            request.header("Authorization", basic(user, password));
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            // Generous: a start script's first start writes its class-data-sharing archive as it stops (about 7 s here).
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        // Killed, the service leaves its embedded PostgreSQL running, detached.
        ProcessHandle.allProcesses().filter(other -> other.info().commandLine().map(line -> line.contains(marker)).orElse(false))
                .forEach(ProcessHandle::destroy);
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

}
