package io.aigov.ruleset.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;


/**
 * The gate itself under attack, through the API a rule author uses: its checks run in the service,
 * so candidates built to make them slow, to make them report without end, or to make them trip
 * over each other must each get their own verdict at once, while evaluations go on.
 */
@QuarkusTest
class GateUnderAttackTest {

    /** Far above what these checks take; a check that went through every path took minutes. */
    private static final Duration GENEROUS = Duration.ofSeconds(120);
    /** Between evaluations sent during an attack: they still go on throughout, but leave the cores to the checks. */
    private static final Duration PAUSE = Duration.ofMillis(20);

    @Test
    void sixtyValidationsAtOnceEachGetTheirOwnVerdict() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(60);
        try {
            List<Future<JsonPath>> answers = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                String candidate = candidate("c" + i + ".drl", "aigov.attack" + i, "", """
                        $a.favourPrompting(Math.random() + %d, "dice");
                        unknown%d();
                        """.formatted(i, i));
                answers.add(clients.submit(() -> given().contentType(ContentType.JSON).body(candidate)
                        .when().post("/api/rules/validate").then().statusCode(200).extract().jsonPath()));
            }
            for (int i = 0; i < 60; i++) {
                JsonPath answer = answers.get(i).get();
                assertFalse(answer.getBoolean("passed"));
                List<String> files = answer.getList("report.safetyFindings.file");
                List<String> messages = answer.getList("report.safetyFindings.message");
                assertEquals(List.of("c" + i + ".drl", "c" + i + ".drl"), files, messages.toString());
                assertTrue(messages.get(0).contains("Math.random"), messages.toString());
                assertTrue(messages.get(1).contains("'unknown" + i + "(...)'"), messages.toString());
            }
        } finally {
            clients.shutdownNow();
        }
    }

    /**
     * A chain of functions whose arguments differ on every path, and a consequence of 110,000 refused
     * statements: each is answered with a finding that names it, and evaluations answer meanwhile.
     */
    @Test
    void candidatesBuiltToStallTheCheckAreAnsweredWhileEvaluationsGoOn() throws Exception {
        StringBuilder chain = new StringBuilder("function String f0(String a, String b) {\n    return \"\";\n}\n");
        for (int level = 1; level <= 22; level++) {
            chain.append("function String f%d(String a, String b) {\n    return f%d(a + b, b) + f%d(a, a + b);\n}\n"
                    .formatted(level, level - 1, level - 1));
        }
        chain.append("function String start() {\n    return f22(\"x\", \"yy\");\n}\n");
        String exponential = candidate("chain.drl", "aigov.chain", chain.toString(), "$a.because(\"fine\");");
        String quadratic = candidate("many.drl", "aigov.many", "", "x();\n".repeat(110_000));

        String useCase = Files.readString(Path.of("bench/use-case.json"));
        AtomicBoolean attacking = new AtomicBoolean(true);
        Map<Integer, Integer> evaluations = new ConcurrentHashMap<>();
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            Future<?> evaluating = threads.submit(() -> {
                while (attacking.get()) {
                    evaluations.merge(given().contentType(ContentType.JSON).body(useCase).when().post("/api/evaluations").statusCode(),
                            1, Integer::sum);
                    Thread.sleep(PAUSE.toMillis());
                }
                return null;
            });
            Future<JsonPath> chainAnswer = threads.submit(() -> validate(exponential));
            Future<JsonPath> manyAnswer = threads.submit(() -> validate(quadratic));

            JsonPath chained = assertTimeoutPreemptively(GENEROUS, () -> chainAnswer.get());
            JsonPath many = assertTimeoutPreemptively(GENEROUS, () -> manyAnswer.get());
            attacking.set(false);
            evaluating.get();

            assertFalse(chained.getBoolean("passed"));
            assertTrue(chained.getList("report.safetyFindings.message", String.class).stream()
                    .anyMatch(message -> message.contains("function f22 fails") && message.contains("could grow to")),
                    chained.getList("report.safetyFindings").toString());
            assertFalse(many.getBoolean("passed"));
            List<String> found = many.getList("report.safetyFindings.message");
            assertEquals(101, found.size());
            assertTrue(found.get(100).contains("109900 more findings"), found.get(100));
        } finally {
            attacking.set(false);
            threads.shutdownNow();
        }
        assertTrue(evaluations.getOrDefault(201, 0) > 0 && evaluations.keySet().equals(Set.of(201)),
                "evaluations answered " + evaluations);
    }

    /**
     * A rule that builds U+0000 at run time is not found by reading it: its golden case runs it, and
     * the decision it makes cannot be recorded, so the candidate fails. Such a rule once passed, and
     * once approved every evaluation answered 503.
     */
    @Test
    void aRuleWritingWhatTheAuditTrailCannotKeepFailsItsGoldenCase() throws IOException {
        List<Map<String, String>> files = shippedFiles();
        files.add(Map.of("name", "writes.drl", "content", """
                package aigov.writes;
                import io.aigov.decision.model.*;

                rule "writes"
                when
                    $a : Assessment()
                then
                    $a.because(String.format("%c", 0));
                end
                """));

        given().contentType(ContentType.JSON).body(Map.of("files", files)).when().post("/api/rules/validate")
                .then().statusCode(200)
                .body("passed", equalTo(false))
                .body("report.safetyFindings", empty())
                .body("report.goldenCases.differences.flatten()", hasItem(containsString("U+0000 (a control character)")));
    }

    private static JsonPath validate(String candidate) {
        return given().contentType(ContentType.JSON).body(candidate).when().post("/api/rules/validate")
                .then().statusCode(200).extract().jsonPath();
    }

    /** A candidate of one rule file, as the API takes it: declarations (functions), then one rule. */
    private static String candidate(String name, String packageName, String declarations, String consequence) {
        String drl = """
                package %s;
                import io.aigov.decision.model.*;

                %s
                rule "attack"
                when
                    $a : Assessment()
                then
                %s
                end
                """.formatted(packageName, declarations, consequence);
        return "{\"files\": [{\"name\": \"" + name + "\", \"content\": \"" + json(drl) + "\"}]}";
    }

    private static String json(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static List<Map<String, String>> shippedFiles() throws IOException {
        List<Map<String, String>> files = new ArrayList<>();
        for (Path folder : List.of(Path.of("rules"), Path.of("rules/tests"))) {
            try (Stream<Path> listed = Files.list(folder)) {
                for (Path file : listed.filter(Files::isRegularFile).sorted().toList()) {
                    String prefix = folder.getFileName().toString().equals("tests") ? "tests/" : "";
                    files.add(Map.of("name", prefix + file.getFileName(), "content", Files.readString(file)));
                }
            }
        }
        return files;
    }
}
