package io.aigov.packaged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import io.aigov.database.TestDatabases;
import io.aigov.support.RulesFolders;
import io.restassured.path.json.JsonPath;

/**
 * Two instances of the packaged service on one database, each with its own copy of the rules
 * folder, as on two machines: they serve one ruleset, share sign-in state and one audit chain.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultipleInstancesIT {

    /** Far longer than an instance takes to follow an activation, on a busy machine too (figures are printed, not asserted). */
    private static final Duration SERVES_WITHIN = Duration.ofSeconds(60);
    private static final String ADMIN_PASSWORD = "replicas-admin-password";
    private static final String PASSWORD = "replicas-user-password";
    private static final String JSON = "application/json";
    private static final String EVALUATION = """
            {"name": "Volume probe", "dailyRequestVolume": 55000, "consistency": "MODERATE", "labeledExamples": 400,
             "stableMonths": 2, "timeToProductionWeeks": 4, "latencyBudgetMs": 1000, "vocabulary": "STANDARD"}
            """;

    private final List<PackagedService> started = new ArrayList<>();
    private final Map<String, Path> rulesFolders = new HashMap<>();
    private Path work;
    private String databaseUrl;
    private PackagedService first;
    private PackagedService second;

    @BeforeAll
    void startTwoInstancesAtOnce() throws Exception {
        work = Files.createTempDirectory("replicas");
        databaseUrl = TestDatabases.fresh("aigov_replicas");
        // Started together, as a Deployment's replicas are: both migrate and create the first administrator.
        first = start("replica-a");
        second = start("replica-b");
        first.awaitReady(Duration.ofSeconds(120));
        second.awaitReady(Duration.ofSeconds(120));
        for (String[] user : new String[][] { { "rita", "rule-author" }, { "rolf", "rule-author" }, { "sam", "submitter" }, { "sue", "submitter" },
                { "cora", "compliance" }, { "bob", "board" } }) {
            HttpResponse<String> created = first.send("POST", "/api/users", "admin", ADMIN_PASSWORD, JSON,
                    "{\"username\": \"%s\", \"password\": \"%s\", \"roles\": [\"%s\"]}".formatted(user[0], PASSWORD, user[1]));
            assertEquals(201, created.statusCode(), created.body());
        }
    }

    @AfterAll
    void stopThem() throws InterruptedException {
        for (PackagedService service : started) {
            service.close();
        }
    }

    /**
     * Both instances serve the approved version, and each follows it the same way: the one that
     * approved it as an activation, the other as an adoption, both evaluating the open proposals
     * and reassessing the approved use cases in the background; each is decided again once, by
     * whichever got to it first.
     */
    @Test
    @Order(1)
    void aChangeProposedOnOneAndApprovedOnTheOtherServesOnBothAndBothFollowIt() throws Exception {
        String before = rulesetVersionOf(evaluate(first));
        assertEquals(before, rulesetVersionOf(evaluate(second)));
        List<String> proposals = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> submitted = (i % 2 == 0 ? first : second).send("POST", "/api/proposals", "sam", PASSWORD, JSON,
                    "{\"useCase\": " + EVALUATION + ", \"owner\": \"owner\", \"businessJustification\": \"Load.\"}");
            assertEquals(201, submitted.statusCode(), submitted.body());
            proposals.add(JsonPath.from(submitted.body()).getString("id"));
        }
        // Every other one approved: a use case in use, which a new version reassesses as it evaluates open proposals again.
        List<String> inUse = new ArrayList<>();
        for (int i = 1; i < proposals.size(); i += 2) {
            inUse.add(approved(i % 4 == 1 ? first : second, proposals.get(i)));
        }
        String thresholds = Files.readString(Path.of("rules", "thresholds.properties"))
                .replace("volume.fineTuning.min = 50000", "volume.fineTuning.min = 60000");
        HttpResponse<String> proposed = first.send("PUT", "/api/rules/files/thresholds.properties", "rita", PASSWORD, "text/plain",
                thresholds);
        assertEquals(202, proposed.statusCode(), proposed.body());
        String change = JsonPath.from(proposed.body()).getString("change.id");

        HttpResponse<String> approved = second.send("POST", "/api/rules/changes/" + change + "/approve", "rolf", PASSWORD, JSON, "{}");
        long approvedAt = System.nanoTime();
        assertEquals(200, approved.statusCode(), approved.body());
        String after = JsonPath.from(approved.body()).getString("candidateVersion");

        Map<PackagedService, Long> servingAfterMillis = new HashMap<>();
        while (servingAfterMillis.size() < 2 && System.nanoTime() - approvedAt < SERVES_WITHIN.toNanos()) {
            for (PackagedService instance : List.of(first, second)) {
                if (!servingAfterMillis.containsKey(instance) && after.equals(rulesetVersionOf(evaluate(instance)))) {
                    servingAfterMillis.put(instance, (System.nanoTime() - approvedAt) / 1_000_000);
                }
            }
            Thread.sleep(50);
        }
        System.out.printf("The approved version served on the approving instance after %d ms, on the other after %d ms%n",
                servingAfterMillis.get(second), servingAfterMillis.get(first));
        assertTrue(servingAfterMillis.containsKey(first), "the instance that did not approve never served the new version");
        assertTrue(servingAfterMillis.containsKey(second));

        String followed = "Version " + after + " serves (%s): ";
        awaitLogged(second, followed.formatted("activated"));
        awaitLogged(first, followed.formatted("adopted"));
        for (String proposal : proposals) {
            HttpResponse<String> read = first.send("GET", "/api/proposals/" + proposal, "cora", PASSWORD, null, null);
            assertEquals(200, read.statusCode(), read.body());
            List<String> reasons = JsonPath.from(read.body()).getList("evaluations.reason");
            assertEquals(List.of("SUBMITTED", "RULESET_CHANGED"), reasons, "proposal " + proposal + " evaluated again once");
            assertEquals(after, JsonPath.from(read.body()).getString("latestEvaluation.rulesetVersion"));
        }
        HttpResponse<String> events = second.send("GET", "/api/audit?kind=INVENTORY_EVENT&size=100", "cora", PASSWORD, null, null);
        assertEquals(200, events.statusCode(), events.body());
        List<String> reassessed = JsonPath.from(events.body()).getList("items.findAll { it.event.type == 'REASSESSED' }.event.details.useCase");
        for (String id : inUse) {
            assertEquals(1, reassessed.stream().filter(id::equals).count(), "use case " + id + " reassessed once across both: " + reassessed);
        }
        assertEquals(inUse.size(), reassessed.size(), "only use cases in use are reassessed");
    }

    /** Reviewed and approved by the board through the instance: a use case in use. */
    private static String approved(PackagedService instance, String id) throws IOException, InterruptedException {
        assertEquals(200, instance.send("POST", "/api/proposals/" + id + "/review", "bob", PASSWORD, JSON, "{}").statusCode());
        HttpResponse<String> decided = instance.send("POST", "/api/proposals/" + id + "/decisions", "bob", PASSWORD, JSON,
                "{\"decision\": \"APPROVED\", \"rationale\": \"In use.\"}");
        assertEquals(200, decided.statusCode(), decided.body());
        return id;
    }

    private static void awaitLogged(PackagedService instance, String line) throws Exception {
        long end = System.nanoTime() + SERVES_WITHIN.toNanos();
        while (!instance.log().contains(line)) {
            assertTrue(System.nanoTime() < end, "not logged within " + SERVES_WITHIN + ": " + line);
            Thread.sleep(100);
        }
    }

    @Test
    @Order(2)
    void anInstanceStartedAfterwardsServesTheActiveVersionNotItsFolder() throws Exception {
        String active = rulesetVersionOf(evaluate(first));
        PackagedService third = start("replica-c").awaitReady(Duration.ofSeconds(120));
        assertEquals(active, rulesetVersionOf(evaluate(third)));
    }

    @Test
    @Order(3)
    void oneEditSavedInBothFoldersYieldsOnePendingChange() throws Exception {
        String thresholds = Files.readString(Path.of("rules", "thresholds.properties"))
                .replace("volume.fineTuning.min = 50000", "volume.fineTuning.min = 55000");
        for (String instance : List.of("replica-a", "replica-b")) {
            Files.writeString(rulesFolders.get(instance).resolve("thresholds.properties"), thresholds);
        }
        // Both folder watchers see the edit; a rule author asking each instance to reload at the same time adds two more.
        ExecutorService both = Executors.newFixedThreadPool(2);
        try {
            List<Future<HttpResponse<String>>> reloads = new ArrayList<>();
            for (PackagedService instance : List.of(first, second)) {
                reloads.add(both.submit(() -> instance.send("POST", "/api/rules/reload", "rita", PASSWORD, null, null)));
            }
            Set<String> changes = ConcurrentHashMap.newKeySet();
            for (Future<HttpResponse<String>> reload : reloads) {
                HttpResponse<String> response = reload.get();
                assertEquals(202, response.statusCode(), response.body());
                changes.add(JsonPath.from(response.body()).getString("change.id"));
            }
            assertEquals(1, changes.size(), "the two instances proposed " + changes);
        } finally {
            both.shutdownNow();
        }
        // The watchers settle within a second of the edit; give them five before counting.
        Thread.sleep(5_000);
        HttpResponse<String> pending = second.send("GET", "/api/rules/changes?status=PENDING", "rita", PASSWORD, null, null);
        assertEquals(1, JsonPath.from(pending.body()).getList("$").size(), pending.body());
    }

    @Test
    @Order(4)
    void aUserRemovedThroughOneInstanceIsRefusedByTheOtherOnTheNextRequest() throws Exception {
        HttpResponse<String> created = first.send("POST", "/api/users", "admin", ADMIN_PASSWORD, JSON,
                "{\"username\": \"uma\", \"password\": \"%s\", \"roles\": [\"submitter\"]}".formatted(PASSWORD));
        assertEquals(201, created.statusCode(), created.body());
        // Signed in on the second instance, which now remembers the verified password.
        assertEquals(201, second.send("POST", "/api/evaluations", "uma", PASSWORD, JSON, EVALUATION).statusCode());

        assertEquals(204, first.send("DELETE", "/api/users/uma", "admin", ADMIN_PASSWORD, null, null).statusCode());

        HttpResponse<String> refused = second.send("POST", "/api/evaluations", "uma", PASSWORD, JSON, EVALUATION);
        assertEquals(401, refused.statusCode(), refused.body());
    }

    @Test
    @Order(5)
    void sixFailedSignInsSpreadOverBothInstancesLockTheNameOnBoth() throws Exception {
        for (int attempt = 0; attempt < 6; attempt++) {
            PackagedService instance = attempt % 2 == 0 ? first : second;
            int status = instance.send("GET", "/api/me", "sam", "not-the-password", null, null).statusCode();
            assertTrue(status == 401 || status == 429, "attempt " + (attempt + 1) + " answered " + status);
        }
        for (PackagedService instance : List.of(first, second)) {
            HttpResponse<String> locked = instance.send("GET", "/api/me", "sam", PASSWORD, null, null);
            assertEquals(429, locked.statusCode(), "the right password after six failures on " + instance.base + ": " + locked.body());
        }
    }

    @Test
    @Order(6)
    void underLoadOnBothEveryCreatedEvaluationIsAuditedAndTheChainVerifies() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<String> created = new ArrayList<>();
        try {
            List<Future<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                PackagedService instance = i % 2 == 0 ? first : second;
                responses.add(clients.submit(() -> instance.send("POST", "/api/evaluations", "sue", PASSWORD, JSON, EVALUATION)));
            }
            for (Future<HttpResponse<String>> response : responses) {
                HttpResponse<String> answered = response.get();
                assertTrue(answered.statusCode() == 201 || answered.statusCode() == 503, answered.statusCode() + " " + answered.body());
                if (answered.statusCode() == 201) {
                    created.add(JsonPath.from(answered.body()).getString("id"));
                }
            }
        } finally {
            clients.shutdownNow();
        }
        assertTrue(created.size() >= 150, "only " + created.size() + " of 200 evaluations were created");
        for (String id : created) {
            PackagedService instance = id.hashCode() % 2 == 0 ? first : second;
            assertEquals(200, instance.send("GET", "/api/audit/" + id, "cora", PASSWORD, null, null).statusCode(), id);
        }
        HttpResponse<String> verified = first.send("GET", "/api/audit/verify", "cora", PASSWORD, null, null);
        assertEquals(200, verified.statusCode(), verified.body());
        assertTrue(JsonPath.from(verified.body()).getBoolean("ok"), verified.body());
    }

    /**
     * The instance that activates a version is killed while it reassesses the use cases in use: the
     * other, which adopts the version, finishes the pass, and each use case is still decided again
     * once. Last, since it leaves one instance.
     */
    @Test
    @Order(7)
    void aReassessmentCutShortByAKilledInstanceIsFinishedByTheOther() throws Exception {
        List<String> inUse = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            PackagedService instance = i % 2 == 0 ? first : second;
            HttpResponse<String> submitted = instance.send("POST", "/api/proposals", "sue", PASSWORD, JSON,
                    "{\"useCase\": " + EVALUATION.replace("Volume probe", "Killed pass " + i)
                            + ", \"owner\": \"owner\", \"businessJustification\": \"In use.\"}");
            assertEquals(201, submitted.statusCode(), submitted.body());
            inUse.add(approved(instance, JsonPath.from(submitted.body()).getString("id")));
        }
        String thresholds = Files.readString(Path.of("rules", "thresholds.properties"))
                .replace("volume.fineTuning.min = 50000", "volume.fineTuning.min = 70000");
        HttpResponse<String> proposed = second.send("PUT", "/api/rules/files/thresholds.properties", "rita", PASSWORD, "text/plain",
                thresholds);
        assertEquals(202, proposed.statusCode(), proposed.body());
        HttpResponse<String> approved = first.send("POST", "/api/rules/changes/" + JsonPath.from(proposed.body()).getString("change.id")
                + "/approve", "rolf", PASSWORD, JSON, "{}");
        assertEquals(200, approved.statusCode(), approved.body());
        String after = JsonPath.from(approved.body()).getString("candidateVersion");
        // The activating instance has started its pass in the background, and dies in it.
        first.process().destroyForcibly().waitFor();
        String followed = "Version " + after + " serves (adopted): ";
        awaitLogged(second, followed);
        System.out.println("The other instance: " + second.log().lines().filter(line -> line.contains(followed)).findFirst().orElseThrow());

        Map<String, Integer> reassessed = new HashMap<>();
        for (int page = 0;; page++) {
            HttpResponse<String> events = second.send("GET", "/api/audit?kind=INVENTORY_EVENT&size=100&page=" + page, "cora", PASSWORD, null,
                    null);
            assertEquals(200, events.statusCode(), events.body());
            List<Map<String, Object>> items = JsonPath.from(events.body()).getList("items.findAll { it.event.type == 'REASSESSED' }.event.details");
            items.stream().filter(details -> after.equals(details.get("rulesetVersion")))
                    .forEach(details -> reassessed.merge((String) details.get("useCase"), 1, Integer::sum));
            if (JsonPath.from(events.body()).getList("items").size() < 100) {
                break;
            }
        }
        for (String id : inUse) {
            assertEquals(1, reassessed.getOrDefault(id, 0), "use case " + id + " reassessed on " + after + " once: " + reassessed);
            HttpResponse<String> read = second.send("GET", "/api/proposals/" + id, "cora", PASSWORD, null, null);
            assertEquals(after, JsonPath.from(read.body()).getString("latestEvaluation.rulesetVersion"), read.body());
        }
    }

    private PackagedService start(String name) throws IOException {
        Path folder = rulesFolders.computeIfAbsent(name, instance -> RulesFolders.copyOfRules(instance + "-rules"));
        Path passwordFile = work.resolve("admin-password");
        if (!Files.exists(passwordFile)) {
            Files.writeString(passwordFile, ADMIN_PASSWORD + "\n");
        }
        Map<String, String> properties = new HashMap<>(Map.of(
                "quarkus.datasource.jdbc.url", databaseUrl,
                "aigov.rules.directory", folder.toString(),
                "aigov.access.initial-admin.password-file", passwordFile.toString(),
                "quarkus.http.auth.session.encryption-key", "replicas-share-this-session-encryption-key"));
        String username = System.getenv("QUARKUS_DATASOURCE_USERNAME");
        if (username != null && !username.isBlank()) {
            properties.put("quarkus.datasource.username", username);
        }
        PackagedService service = PackagedService.start(name, work.toString(), properties);
        started.add(service);
        return service;
    }

    private static HttpResponse<String> evaluate(PackagedService instance) throws IOException, InterruptedException {
        HttpResponse<String> response = instance.send("POST", "/api/evaluations", "sam", PASSWORD, JSON, EVALUATION);
        assertEquals(201, response.statusCode(), response.body());
        return response;
    }

    private static String rulesetVersionOf(HttpResponse<String> evaluation) {
        return JsonPath.from(evaluation.body()).getString("rulesetVersion");
    }
}
