package io.aigov.packaged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.aigov.support.RulesWithARunaway;

/**
 * The packaged service, started as an operator starts it, stops within 10 s of SIGTERM even while
 * a rule runs away on a request: the deadline ends the evaluation, nothing holds the shutdown.
 */
class ShutdownDuringRunawayIT {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final String ADMIN_PASSWORD = "packaged-admin-password";
    private static final String SPIN = """
            {"name": "spin", "dailyRequestVolume": 45000, "consistency": "MODERATE", "labeledExamples": 400,
             "stableMonths": 2, "timeToProductionWeeks": 4, "latencyBudgetMs": 1000, "vocabulary": "STANDARD"}
            """;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process service;
    private Path work;

    @AfterEach
    void stopWhatIsLeft() throws InterruptedException {
        if (service != null && service.isAlive()) {
            service.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            // Killed, the service leaves its embedded PostgreSQL running, detached.
            ProcessHandle.allProcesses().filter(process -> process.info().commandLine()
                    .map(line -> line.contains(work.toString())).orElse(false)).forEach(ProcessHandle::destroy);
        }
    }

    @Test
    void sigtermStopsTheServiceWithinTenSecondsWhileARuleRunsAway() throws Exception {
        assertTrue(Files.exists(JAR), JAR + " is built by the package phase");
        work = Files.createTempDirectory("packaged-service");
        Path passwordFile = Files.writeString(work.resolve("admin-password"), ADMIN_PASSWORD + "\n");
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=" + port,
                "-Daigov.rules.directory=" + RulesWithARunaway.createFolder(),
                "-Daigov.rules.approval-required=false",
                "-Daigov.rules.max-firings=2000000000",
                "-Daigov.access.initial-admin.password-file=" + passwordFile,
                "-Daigov.embedded-postgres.data-dir=" + work.resolve("data"),
                "-jar", JAR.toString()))
                .redirectErrorStream(true)
                .redirectOutput(Path.of("target", "packaged-service-shutdown.log").toFile());
        service = builder.start();
        String base = "http://localhost:" + port;
        waitUntilReady(base, Duration.ofSeconds(90));
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/api/users"))
                .header("Authorization", basic("admin", ADMIN_PASSWORD)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"username": "sam", "password": "sam-packaged-password", "roles": ["submitter"]}"""))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());

        CompletableFuture<HttpResponse<String>> spinning = http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/api/evaluations"))
                .header("Authorization", basic("sam", "sam-packaged-password")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(SPIN)).build(), HttpResponse.BodyHandlers.ofString());
        Thread.sleep(700);
        assertTrue(!spinning.isDone(), "the runaway rule did not run");

        long signalled = System.nanoTime();
        service.destroy();
        boolean stopped = service.waitFor(10, TimeUnit.SECONDS);
        long millis = (System.nanoTime() - signalled) / 1_000_000;

        assertTrue(stopped, "the service was still running 10 s after SIGTERM");
        System.out.printf("The packaged service stopped %d ms after SIGTERM%n", millis);
    }

    private void waitUntilReady(String base, Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < end) {
            assertTrue(service.isAlive(), "the service exited at start-up: see target/packaged-service-shutdown.log");
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the service was not ready within " + deadline + ": see target/packaged-service-shutdown.log");
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
