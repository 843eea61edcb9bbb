package io.aigov.ruleset.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The attacks a rule author could try through validation, which runs a candidate's golden cases
 * at once: each is refused before anything is compiled or run, nothing is written, and nothing
 * the attack aimed at (a file, the environment, the network) appears in the answer.
 */
@QuarkusTest
class HostileCandidatesTest {

    private static final Path MARKER = Path.of(System.getProperty("java.io.tmpdir"), "owned-by-a-rule-" + ProcessHandle.current().pid());

    static Stream<Arguments> attacks() {
        String open = "Approach.PROMPTING.getDeclaringClass().getProtectionDomain().getCodeSource().getLocation().toURI()";
        return Stream.of(
                Arguments.of("command after a text block", """
                        $a.because(\"""
                            harmless\"""); Runtime.getRuntime().exec(new String[] {"touch", "%s"});""".formatted(MARKER)),
                Arguments.of("file read from an enum", "$a.because(new String(" + open
                        + ".resolve(\"/etc/passwd\").toURL().openStream().readAllBytes()));"),
                Arguments.of("environment read", "$a.because(new String(" + open
                        + ".resolve(\"/proc/self/environ\").toURL().openStream().readAllBytes()));"),
                Arguments.of("fetch inside the network", "$a.because(new String(" + open
                        + ".resolve(\"http://127.0.0.1:5432/\").toURL().openStream().readAllBytes()));"),
                Arguments.of("shadowed ModuleLayer", "$a.because(\"\" + ModuleLayer.boot());\nend\ndeclare ModuleLayer\n"),
                Arguments.of("lambda spin", "Runnable spin = () -> { while (true) { } }; spin.run();"),
                Arguments.of("array bomb", "long[] big = new long[Integer.MAX_VALUE - 8];"),
                Arguments.of("string bomb", "$a.because(\"x\".repeat(Integer.MAX_VALUE));"),
                Arguments.of("randomness", "$a.favourPrompting(Math.random(), \"dice\");"),
                Arguments.of("clock", "$a.because(\"\" + LocalDate.now());"),
                Arguments.of("identity hash", "$a.because(\"\" + System.identityHashCode($a));"),
                Arguments.of("recursion", "$a.favourPrompting(forever(1), \"never\");\nend\nfunction int forever(int n) { return forever(n + 1); }\nrule \"other\" when then"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void theAttackIsRefusedBeforeItRunsAndLeaksNothing(String attack, String consequence) throws IOException {
        List<Map<String, String>> files = new ArrayList<>();
        try (Stream<Path> shipped = Files.list(Path.of("rules"))) {
            for (Path file : shipped.filter(Files::isRegularFile).sorted().toList()) {
                files.add(Map.of("name", file.getFileName().toString(), "content", Files.readString(file)));
            }
        }
        files.add(Map.of("name", "tests/medical-coding.json", "content", Files.readString(Path.of("rules/tests/medical-coding.json"))));
        files.add(Map.of("name", "attack.drl", "content", """
                package aigov.attack;
                import io.aigov.decision.model.*;
                import java.time.LocalDate;

                rule "attack"
                when
                    $a : Assessment()
                then
                    %s
                end
                """.formatted(consequence)));

        String answer = given().contentType(ContentType.JSON).body(Map.of("files", files)).when().post("/api/rules/validate")
                .then().statusCode(200)
                .body("passed", equalTo(false))
                .body("report.safetyFindings", not(empty()))
                .body("report.safetyFindings.file", everyItem(equalTo("attack.drl")))
                .body("report.compileErrors", empty())
                .body("report.goldenCases", empty())
                .extract().asString();

        assertFalse(Files.exists(MARKER), attack + " ran");
        assertFalse(answer.contains("root:"), attack + " leaked /etc/passwd");
        for (String value : System.getenv().values()) {
            if (value.length() >= 8) {
                assertFalse(answer.contains(value), attack + " leaked an environment value");
            }
        }
    }
}
