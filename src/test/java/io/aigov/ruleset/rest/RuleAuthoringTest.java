package io.aigov.ruleset.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import io.aigov.decision.rulefile.RuleFile;
import io.aigov.decision.ruleset.RulesetCandidate;
import io.aigov.ruleset.RulesetOrigin;
import io.aigov.ruleset.history.StoredRulesetVersion;

/** A rule author changes rules while the service runs: saved edits, uploads, validation, versions. */
@QuarkusTest
@TestProfile(WritableRulesFolder.class)
class RuleAuthoringTest {

    /**
     * How long a saved change may take to be checked and served here. The manual's "within 2
     * seconds" (docs/rules.md) comes from the rule-change benchmark; on a loaded test machine a check can take
     * longer, and this test is about it happening by itself, not about its time.
     */
    private static final Duration RELOAD_DEADLINE = Duration.ofSeconds(10);
    private static final String PROBE_45000 = """
            {"name": "Volume probe", "dailyRequestVolume": 45000, "consistency": "MODERATE", "labeledExamples": 400,
             "stableMonths": 2, "timeToProductionWeeks": 4, "latencyBudgetMs": 1000, "vocabulary": "STANDARD"}
            """;

    private static final String EXIT_RULE = """
            package aigov.attack;
            import io.aigov.decision.model.Assessment;

            rule "shut-down-the-service"
            when
                $a : Assessment()
            then
                System.exit(0);
            end
            """;

    private static final String THRESHOLD_EDIT_CHECKED_HERE = "none needed: the rules of the version that serves";

    @AfterEach
    void restoreTheFolder() {
        WritableRulesFolder.restore();
        given().when().post("/api/rules/reload").then().statusCode(200);
    }

    @Test
    void aSavedThresholdChangeDecidesWithinTwoSecondsWithoutARestart() {
        String before = activeVersion();
        Response probe = evaluate(PROBE_45000);
        assertFalse(firedRules(probe).contains("volume-favours-fine-tuning"));

        WritableRulesFolder.write("thresholds.properties", WritableRulesFolder.read("thresholds.properties")
                .replace("volume.fineTuning.min = 50000", "volume.fineTuning.min = 40000"));

        long started = System.nanoTime();
        assertTrue(within(RELOAD_DEADLINE, () -> !activeVersion().equals(before)), "the edit was not active within " + RELOAD_DEADLINE);
        Response after = evaluate(PROBE_45000);
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(RELOAD_DEADLINE) < 0);
        assertTrue(firedRules(after).contains("volume-favours-fine-tuning"), firedRules(after).toString());
        assertNotEquals(before, after.path("rulesetVersion"));
        assertEquals(activeVersion(), after.path("rulesetVersion"));
    }

    @Test
    void aSyntaxErrorLeavesTheOldVersionServingAndIsShownWithItsLine() {
        String before = activeVersion();
        WritableRulesFolder.write("approach-decision.drl", WritableRulesFolder.read("approach-decision.drl")
                .replace("$a : Assessment( fineTuningViable == false, approach == null )", "$a : Assessment( fineTuningViable == , approach == null )"));

        assertTrue(within(RELOAD_DEADLINE, () -> given().get("/api/rules").path("lastFailedAttempt") != null));
        given().when().get("/api/rules").then().statusCode(200)
                .body("active.version", equalTo(before))
                .body("lastFailedAttempt.source", equalTo("FOLDER"))
                .body("lastFailedAttempt.report.compileErrors[0].file", equalTo("approach-decision.drl"))
                .body("lastFailedAttempt.report.compileErrors[0].line", equalTo(42))
                .body("lastFailedAttempt.report.compileErrors[0].column", equalTo(42))
                .body("lastFailedAttempt.report.compileErrors[0].message", containsString("Line 42:41"))
                // The other files are not blamed for what follows from this one.
                .body("lastFailedAttempt.report.compileErrors.file", everyItem(equalTo("approach-decision.drl")));
        evaluate(PROBE_45000).then().body("rulesetVersion", equalTo(before));
    }

    @Test
    void aRuleCallingSystemExitIsRefusedBeforeAnythingRunsAndTheServiceStaysUp() {
        String before = activeVersion();
        WritableRulesFolder.write("exit.drl", EXIT_RULE);

        given().when().post("/api/rules/reload").then().statusCode(422)
                .contentType("application/problem+json")
                .body("report.safetyFindings[0].file", equalTo("exit.drl"))
                .body("report.safetyFindings[0].line", equalTo(8))
                .body("report.safetyFindings[0].message", containsString("'System' is not allowed"))
                .body("report.compileErrors", empty())
                .body("report.goldenCases", empty());
        // Had the rule run (in a golden case), this JVM would be gone; it answers, on the old version.
        evaluate(PROBE_45000).then().statusCode(201).body("rulesetVersion", equalTo(before));
        given().when().get("/api/rules").then().body("active.version", equalTo(before))
                .body("lastFailedAttempt.report.safetyFindings.message", hasItem(containsString("'System'")));
    }

    @Test
    void recursionSavedInTheFolderIsRefusedAndTheNextSavedChangeIsStillPickedUp() {
        String before = activeVersion();
        WritableRulesFolder.write("recursion.drl", """
                package aigov.attack;
                import io.aigov.decision.model.Assessment;

                function int forever(int n) {
                    return forever(n + 1);
                }

                rule "recurse"
                when
                    $a : Assessment()
                then
                    $a.favourPrompting(forever(1), "never");
                end
                """);
        assertTrue(within(RELOAD_DEADLINE, () -> given().get("/api/rules").path("lastFailedAttempt") != null),
                "the refusal was not shown within " + RELOAD_DEADLINE);
        given().when().get("/api/rules").then()
                .body("active.version", equalTo(before))
                .body("lastFailedAttempt.report.safetyFindings[0].file", equalTo("recursion.drl"))
                .body("lastFailedAttempt.report.safetyFindings[0].line", equalTo(4))
                .body("lastFailedAttempt.report.safetyFindings[0].message", containsString("recursion is not allowed"));

        WritableRulesFolder.delete("recursion.drl");
        WritableRulesFolder.write("thresholds.properties", WritableRulesFolder.read("thresholds.properties")
                .replace("volume.fineTuning.min = 50000", "volume.fineTuning.min = 40000"));
        assertTrue(within(RELOAD_DEADLINE, () -> !activeVersion().equals(before)), "the watcher no longer picks up changes");
        given().when().get("/api/rules").then().body("lastFailedAttempt", nullValue());
    }

    @Test
    void aFileNestedDeeperThanTheParsersGoIsRefusedAndTheServiceKeepsWatching() {
        String before = activeVersion();
        String nested = "(".repeat(50_000) + "1" + ")".repeat(50_000);
        WritableRulesFolder.write("nested.drl", """
                package aigov.attack;
                import io.aigov.decision.model.Assessment;

                rule "nested"
                when
                    $a : Assessment()
                then
                    $a.favourPrompting(%s, "deep");
                end
                """.formatted(nested));
        assertTrue(within(RELOAD_DEADLINE, () -> given().get("/api/rules").path("lastFailedAttempt") != null),
                "the refusal was not shown within " + RELOAD_DEADLINE);
        given().when().get("/api/rules").then().body("active.version", equalTo(before))
                .body("lastFailedAttempt.report.safetyFindings[0].message", containsString("nested too deeply"));
        WritableRulesFolder.delete("nested.drl");
        WritableRulesFolder.write("thresholds.properties", WritableRulesFolder.read("thresholds.properties")
                .replace("volume.fineTuning.min = 50000", "volume.fineTuning.min = 40000"));
        assertTrue(within(RELOAD_DEADLINE, () -> !activeVersion().equals(before)), "the watcher no longer picks up changes");
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void aRuleWritingAFileIsRefusedAndNothingIsWritten() {
        Path marker = WritableRulesFolder.FOLDER.resolveSibling("written-by-a-rule-" + System.nanoTime());
        WritableRulesFolder.write("write-file.drl", """
                package aigov.attack;
                import io.aigov.decision.model.Assessment;
                import java.nio.file.Files;
                import java.nio.file.Path;

                rule "write-a-file"
                when
                    $a : Assessment()
                then
                    Files.writeString(Path.of("%s"), "owned");
                end
                """.formatted(marker));

        given().when().post("/api/rules/reload").then().statusCode(422)
                .body("report.safetyFindings.message", hasItem(containsString("import of 'java.nio.file.Files' is not allowed")))
                .body("report.compileErrors", empty())
                .body("report.goldenCases", empty());
        assertFalse(Files.exists(marker), "the refused rule ran");
    }

    @Test
    void aSavedGoldenCaseIsCheckedToo() {
        String before = activeVersion();
        WritableRulesFolder.write("tests/wrong-expectation.json", WritableRulesFolder.read("tests/medical-coding.json")
                .replace("\"approach\": \"FINE_TUNING\"", "\"approach\": \"PROMPTING\""));

        assertTrue(within(RELOAD_DEADLINE, () -> given().get("/api/rules").path("lastFailedAttempt") != null),
                "the golden case was not checked within " + RELOAD_DEADLINE);
        given().when().get("/api/rules").then()
                .body("active.version", equalTo(before))
                .body("lastFailedAttempt.report.goldenCases.find { it.file == 'tests/wrong-expectation.json' }.differences",
                        hasItem("approach: expected PROMPTING, actual FINE_TUNING"));
    }

    @Test
    void aFailingGoldenCaseBlocksActivationAndSaysExpectedVersusActual() {
        String before = activeVersion();
        WritableRulesFolder.write("thresholds.properties", WritableRulesFolder.read("thresholds.properties")
                .replace("examples.minimum = 200", "examples.minimum = 5000"));

        given().when().post("/api/rules/reload").then().statusCode(422)
                .body("report.isolation", startsWith(THRESHOLD_EDIT_CHECKED_HERE))
                .body("report.goldenCases.find { it.file == 'tests/legal-document-review-at-scale.json' }.passed", equalTo(false))
                .body("report.goldenCases.find { it.file == 'tests/legal-document-review-at-scale.json' }.differences",
                        hasItem("approach: expected FINE_TUNING, actual PROMPTING"));
        assertEquals(before, activeVersion());
    }

    /**
     * A threshold edit changes only data the serving rules read: the gate checks it in the service, with no check
     * process, and refuses thresholds the rules cannot read as a check process would.
     */
    @Test
    void aThresholdEditIsCheckedInTheServiceAndRefusedThereWhenTheRulesCannotReadIt() {
        String before = activeVersion();
        String thresholds = WritableRulesFolder.read("thresholds.properties");
        WritableRulesFolder.write("thresholds.properties", thresholds.replace("volume.fineTuning.min = 50000", "volume.fineTuning.min = many"));
        given().when().post("/api/rules/reload").then().statusCode(422)
                .body("report.isolation", startsWith(THRESHOLD_EDIT_CHECKED_HERE))
                .body("report.compileErrors[0].file", equalTo("thresholds.properties"))
                .body("report.compileErrors[0].message", containsString("volume.fineTuning.min"));
        assertEquals(before, activeVersion());

        WritableRulesFolder.write("thresholds.properties", thresholds.replace("volume.fineTuning.min = 50000", "volume.fineTuning.min = 40000"));
        given().when().post("/api/rules/reload").then().statusCode(200)
                .body("report.isolation", startsWith(THRESHOLD_EDIT_CHECKED_HERE))
                .body("report.goldenCases.passed", everyItem(equalTo(true)));
        assertNotEquals(before, activeVersion());
    }

    @Test
    void anUploadGoesThroughTheSameGateAndLandsInTheFolder() {
        String before = activeVersion();
        String tuned = WritableRulesFolder.read("thresholds.properties").replace("volume.fineTuning.min = 50000", "volume.fineTuning.min = 40000");

        given().contentType(ContentType.TEXT).body(tuned).when().put("/api/rules/files/thresholds.properties")
                .then().statusCode(200).body("outcome", equalTo("ACTIVATED"));

        assertEquals(tuned, WritableRulesFolder.read("thresholds.properties"));
        String after = activeVersion();
        assertNotEquals(before, after);
        given().when().get("/api/rules/events?limit=5").then().statusCode(200)
                .body("kind", hasItems("UPLOADED", "ACTIVATED"))
                .body("find { it.kind == 'UPLOADED' }.details.file", equalTo("thresholds.properties"))
                .body("find { it.kind == 'UPLOADED' }.source", equalTo("API"))
                .body("find { it.kind == 'UPLOADED' }.occurredAt", not(emptyOrNullString()));

        String broken = tuned.replace("volume.fineTuning.min = 40000", "volume.fineTuning.min = forty thousand");
        String rejected = given().contentType(ContentType.TEXT).body(broken).when().put("/api/rules/files/thresholds.properties")
                .then().statusCode(422).contentType("application/problem+json")
                .body("report.compileErrors[0].file", equalTo("thresholds.properties"))
                .body("report.compileErrors[0].message", containsString("is not a number"))
                .extract().path("report.version");
        assertEquals(tuned, WritableRulesFolder.read("thresholds.properties"), "a rejected upload must not be written");
        assertEquals(after, activeVersion());
        // The audit chain holds the same events, newest first, each in the transaction that recorded it.
        given().queryParam("kind", "RULESET_EVENT").queryParam("size", 4).when().get("/api/audit").then().statusCode(200)
                .body("items.event.type", contains("UPLOADED", "REJECTED", "UPLOADED", "ACTIVATED"))
                .body("items[0].event.details.activated", equalTo(false))
                .body("items[1].event.details.rulesetVersion", equalTo(rejected))
                .body("items[1].event.details.compileErrors[0].file", equalTo("thresholds.properties"))
                .body("items[2].event.details.file", equalTo("thresholds.properties"))
                .body("items[3].event.details.rulesetVersion", equalTo(after))
                .body("items.event.details.source", everyItem(equalTo("API")));

        given().contentType(ContentType.TEXT).body("x").when().put("/api/rules/files/../etc/passwd")
                .then().statusCode(anyOf(is(400), is(404)));
        given().contentType(ContentType.TEXT).body("x").when().put("/api/rules/files/notes.txt")
                .then().statusCode(400).body("violations[0].field", equalTo("name"));
    }

    /**
     * A reload reads the folder, checks what it read for a second or so, then activates it: one that
     * read the folder before an upload was written must not activate after the upload and put the
     * older files back live.
     */
    @Test
    void reloadsRacingUploadsNeverPutAnOlderFolderBackLive() throws Exception {
        String original = WritableRulesFolder.read("thresholds.properties");
        long lastEventBefore = given().when().get("/api/rules/events?limit=1").jsonPath().getLong("[0].id");
        AtomicBoolean uploading = new AtomicBoolean(true);
        ExecutorService reloader = Executors.newSingleThreadExecutor();
        Future<Integer> reloads = reloader.submit(() -> {
            int sent = 0;
            while (uploading.get()) {
                given().when().post("/api/rules/reload").then().statusCode(200);
                sent++;
            }
            return sent;
        });
        List<String> uploaded = new ArrayList<>();
        for (int threshold = 41000; threshold <= 44000; threshold += 1000) {
            uploaded.add(given().contentType(ContentType.TEXT)
                    .body(original.replace("volume.fineTuning.min = 50000", "volume.fineTuning.min = " + threshold))
                    .when().put("/api/rules/files/thresholds.properties").then().statusCode(200).body("outcome", equalTo("ACTIVATED"))
                    .extract().path("report.version"));
        }
        uploading.set(false);
        assertTrue(reloads.get() > 0);
        reloader.shutdown();

        List<String> activated = new ArrayList<>(given().when().get("/api/rules/events?limit=1000").jsonPath()
                .<String>getList("findAll { it.kind == 'ACTIVATED' && it.id > " + lastEventBefore + " }.rulesetVersion"));
        Collections.reverse(activated);
        assertEquals(uploaded, activated, "each upload activated once, in order, and no reload put an older folder back in between");
        assertTrue(WritableRulesFolder.read("thresholds.properties").contains("volume.fineTuning.min = 44000"));
        assertEquals(uploaded.get(uploaded.size() - 1), activeVersion(), "the last upload serves, as the folder holds it");
        given().when().post("/api/rules/reload").then().statusCode(200).body("outcome", equalTo("UNCHANGED"));
    }

    @Test
    void versionsAreStoredWithTheirFilesAndCanBeCompared() {
        String before = activeVersion();
        WritableRulesFolder.write("thresholds.properties", WritableRulesFolder.read("thresholds.properties")
                .replace("latency.fineTuning.maxMs = 200", "latency.fineTuning.maxMs = 250"));
        // The folder's watcher, 200 ms after the save, may have activated it before the reload asked: then there is nothing new to activate.
        given().when().post("/api/rules/reload").then().statusCode(200).body("outcome", oneOf("ACTIVATED", "UNCHANGED"));
        String after = activeVersion();
        assertNotEquals(before, after, "the saved change serves");

        given().when().get("/api/rules/versions").then().statusCode(200)
                .body("id", hasItems(before, after))
                .body("find { it.id == '" + after + "' }.source", equalTo("FOLDER"));
        given().when().get("/api/rules/versions/" + after).then().statusCode(200)
                .body("files.find { it.name == 'thresholds.properties' }.content", containsString("latency.fineTuning.maxMs = 250"));
        given().when().get("/api/rules/versions/" + before + "/diff/" + after).then().statusCode(200)
                .body("files.find { it.name == 'thresholds.properties' }.change", equalTo("CHANGED"))
                .body("files.find { it.name == 'thresholds.properties' }.diff",
                        allOf(containsString("-latency.fineTuning.maxMs = 200"), containsString("+latency.fineTuning.maxMs = 250")))
                .body("files.find { it.name == 'verdict.drl' }.change", equalTo("UNCHANGED"));
        given().when().get("/api/rules/versions/nope").then().statusCode(404).contentType("application/problem+json");
        // The rules page says where the rules come from in words, not by the folder's path on the server.
        given().when().get("/console/rules").then().statusCode(200).body(allOf(containsString("id=\"active-origin\">the rules folder<"),
                not(containsString(WritableRulesFolder.FOLDER.toString()))));
        // The console shows the files that differ, and names the rest instead of an empty frame for each.
        String compared = given().when().get("/console/rules/diff?from=" + before + "&to=" + after).then().statusCode(200).extract().asString();
        assertTrue(compared.contains("<h2 id=\"changed-files\">Files that differ</h2>") && compared.contains("<code>thresholds.properties</code>: Changed")
                && compared.split("<pre class=\"diff\">", -1).length == 2 && compared.matches("(?s).*id=\"unchanged-files\"[^>]*>Unchanged: .*verdict\\.drl.*"),
                compared);

        String evaluatedOn = evaluate(PROBE_45000).path("rulesetVersion");
        assertEquals(after, evaluatedOn);
    }

    /**
     * Rules that served before are a rollback away: going back to the shipped rules, or to a version
     * that served (here, or on another instance), is checked in the service at once, without a check process.
     */
    @Test
    void goingBackToRulesThatServedIsCheckedInTheServiceWithoutACheckProcess() {
        String shipped = activeVersion();
        // Changes of code: a threshold edit alone is checked in the service whatever served before.
        WritableRulesFolder.write("verdict.drl", WritableRulesFolder.read("verdict.drl") + "\n// a change to go back from\n");
        given().when().post("/api/rules/reload").then().statusCode(200).body("report.isolation", startsWith("child process"));
        assertNotEquals(shipped, activeVersion());

        WritableRulesFolder.restore();
        given().when().post("/api/rules/reload").then().statusCode(200)
                .body("report.version", equalTo(shipped))
                .body("report.isolation", startsWith("none needed: rules that passed the checks before"))
                .body("report.goldenCases", not(empty()))
                .body("report.goldenCases.passed", everyItem(equalTo(true)));
        assertEquals(shipped, activeVersion());

        // A version another instance activated, never checked here.
        String elsewhere = WritableRulesFolder.read("verdict.drl") + "\n// activated on another instance\n";
        RulesetCandidate servedElsewhere = store(RulesetCandidate.fromDirectory(WritableRulesFolder.FOLDER)
                .with(new RuleFile("verdict.drl", elsewhere)), "another instance");
        WritableRulesFolder.write("verdict.drl", elsewhere);
        given().when().post("/api/rules/reload").then().statusCode(200)
                .body("report.version", equalTo(servedElsewhere.version()))
                .body("report.isolation", startsWith("none needed: rules that passed the checks before"));
        assertEquals(servedElsewhere.version(), activeVersion());
    }

    /** The shipped rules beside a golden case of the author's own: the golden case is read by the safety check as the gate reads it. */
    @Test
    void aNewGoldenCaseBesideTheShippedRulesIsReadByTheSafetyCheck() {
        String before = activeVersion();
        WritableRulesFolder.write("tests/reversed.json",
                WritableRulesFolder.read("tests/medical-coding.json").replaceFirst("\"name\": \"", "\"name\": \"\u202E"));
        given().when().post("/api/rules/reload").then().statusCode(422)
                .body("report.safetyFindings.file", hasItem("tests/reversed.json"));
        assertEquals(before, activeVersion());
    }

    /** A stored version that today's safety check refuses (a later release may be stricter) is not taken on trust. */
    @Test
    void aStoredVersionThatTodaysSafetyCheckRefusesGoesThroughTheWholeGate() {
        String before = activeVersion();
        RulesetCandidate refusedToday = store(RulesetCandidate.fromDirectory(WritableRulesFolder.FOLDER)
                .with(new RuleFile("exit.drl", EXIT_RULE)), "a release with an older safety check");

        WritableRulesFolder.write("exit.drl", EXIT_RULE);
        given().when().post("/api/rules/reload").then().statusCode(422)
                .body("report.version", equalTo(refusedToday.version()))
                .body("report.safetyFindings.message", hasItem(containsString("'System' is not allowed")));
        assertEquals(before, activeVersion());
    }

    @Test
    void validationReportsWithoutActivating() {
        String before = activeVersion();
        List<Map<String, String>> files = new java.util.ArrayList<>();
        for (String name : WritableRulesFolder.ruleFiles()) {
            files.add(Map.of("name", name, "content", WritableRulesFolder.read(name)));
        }
        given().contentType(ContentType.JSON).body(Map.of("files", files)).when().post("/api/rules/validate")
                .then().statusCode(200).body("passed", equalTo(true)).body("report.version", equalTo(before));
        // A candidate carries whole files: past the 64 KiB of an ordinary request, as an upload of them may be.
        List<Map<String, String>> large = new ArrayList<>(files);
        large.add(Map.of("name", "tests/long-description.json", "content", WritableRulesFolder.read("tests/medical-coding.json")
                .replaceFirst("\"description\": \"", "\"description\": \"" + "x".repeat(100_000))));
        given().contentType(ContentType.JSON).body(Map.of("files", large)).when().post("/api/rules/validate")
                .then().statusCode(200).body("passed", equalTo(true));

        files.set(WritableRulesFolder.ruleFiles().indexOf("verdict.drl"), Map.of("name", "verdict.drl", "content", "package aigov.verdict;\nrule \"x\" when then System.exit(1); end\n"));
        given().contentType(ContentType.JSON).body(Map.of("files", files)).when().post("/api/rules/validate")
                .then().statusCode(200).body("passed", equalTo(false))
                .body("report.safetyFindings[0].file", equalTo("verdict.drl"));
        assertEquals(before, activeVersion());

        given().contentType(ContentType.JSON).body(Map.of("files", List.of(Map.of("name", "../x.drl", "content", ""))))
                .when().post("/api/rules/validate").then().statusCode(400).body("violations[0].field", equalTo("files"));
        given().contentType(ContentType.JSON).body(Map.of("files", List.of())).when().post("/api/rules/validate")
                .then().statusCode(400).body("violations[0].field", equalTo("files"));
    }

    @Test
    void aCandidateCanBeSentAsFiles() {
        String before = activeVersion();
        var request = given();
        List<String> names = new java.util.ArrayList<>(WritableRulesFolder.ruleFiles());
        names.add("tests/medical-coding.json");
        for (String name : names) {
            request = request.multiPart("file", name, WritableRulesFolder.read(name).getBytes(), "text/plain");
        }
        request.when().post("/api/rules/validate").then().statusCode(200)
                .body("passed", equalTo(true))
                .body("report.version", equalTo(before))
                .body("report.goldenCases.file", equalTo(List.of("tests/medical-coding.json")));
        given().multiPart("file", "notes.txt", "x".getBytes(), "text/plain").when().post("/api/rules/validate")
                .then().statusCode(400).body("violations[0].field", equalTo("files"));
    }

    /** Stores a candidate's rules as a version that served, as an activation (here or on another instance) does. */
    private static RulesetCandidate store(RulesetCandidate candidate, String origin) {
        QuarkusTransaction.requiringNew().run(() -> {
            StoredRulesetVersion stored = new StoredRulesetVersion();
            stored.id = candidate.version();
            stored.files = candidate.rules();
            stored.firstActivatedAt = Instant.now();
            stored.source = RulesetOrigin.Source.FOLDER;
            stored.origin = origin;
            stored.persist();
        });
        return candidate;
    }

    private static String activeVersion() {
        return given().when().get("/api/rules").then().statusCode(200).extract().path("active.version");
    }

    private static Response evaluate(String body) {
        Response response = given().contentType(ContentType.JSON).body(body).when().post("/api/evaluations");
        response.then().statusCode(201);
        return response;
    }

    private static List<String> firedRules(Response evaluation) {
        return evaluation.jsonPath().getList("firedRules.name");
    }

    private static boolean within(Duration deadline, BooleanSupplier condition) {
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                // Each look is a request and a JSON path (a Groovy script REST Assured compiles): CPU time the
                // check process that is awaited needs.
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }
}
