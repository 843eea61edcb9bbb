package io.aigov.packaged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.aigov.support.RulesWithARunaway;

/**
 * The packaged service, started as an operator starts it, stops within 10 s of SIGTERM even while
 * a rule runs away on a request: the deadline ends the evaluation, nothing holds the shutdown.
 */
class ShutdownDuringRunawayIT {

    private static final String ADMIN_PASSWORD = "packaged-admin-password";
    private static final String SPIN = """
            {"name": "spin", "dailyRequestVolume": 45000, "consistency": "MODERATE", "labeledExamples": 400,
             "stableMonths": 2, "timeToProductionWeeks": 4, "latencyBudgetMs": 1000, "vocabulary": "STANDARD"}
            """;

    private PackagedService service;

    @AfterEach
    void stopWhatIsLeft() throws InterruptedException {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void sigtermStopsTheServiceWithinTenSecondsWhileARuleRunsAway() throws Exception {
        Path work = Files.createTempDirectory("packaged-service");
        Path passwordFile = Files.writeString(work.resolve("admin-password"), ADMIN_PASSWORD + "\n");
        service = PackagedService.start("service-shutdown", work.toString(), Map.of(
                "aigov.rules.directory", RulesWithARunaway.createFolder().toString(),
                "aigov.rules.approval-required", "false",
                "aigov.rules.max-firings", "2000000000",
                "aigov.access.initial-admin.password-file", passwordFile.toString(),
                "aigov.embedded-postgres.data-dir", work.resolve("data").toString()))
                .awaitReady(Duration.ofSeconds(90));
        HttpResponse<String> created = service.send("POST", "/api/users", "admin", ADMIN_PASSWORD, "application/json", """
                {"username": "sam", "password": "sam-packaged-password", "roles": ["submitter"]}""");
        assertEquals(201, created.statusCode(), created.body());

        CompletableFuture<HttpResponse<String>> spinning = CompletableFuture.supplyAsync(() -> {
            try {
                return service.send("POST", "/api/evaluations", "sam", "sam-packaged-password", "application/json", SPIN);
            } catch (IOException | InterruptedException e) {
                throw new CompletionException(e);
            }
        });
        Thread.sleep(700);
        assertTrue(!spinning.isDone(), "the runaway rule did not run");

        long signalled = System.nanoTime();
        service.process().destroy();
        boolean stopped = service.process().waitFor(10, TimeUnit.SECONDS);
        long millis = (System.nanoTime() - signalled) / 1_000_000;

        assertTrue(stopped, "the service was still running 10 s after SIGTERM");
        System.out.printf("The packaged service stopped %d ms after SIGTERM%n", millis);
    }
}
