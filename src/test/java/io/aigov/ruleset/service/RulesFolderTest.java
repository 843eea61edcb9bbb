package io.aigov.ruleset.service;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

import io.aigov.database.TestDatabases;
import io.aigov.decision.rulefile.RuleFile;
import io.aigov.decision.ruleset.RulesetSource;
import io.aigov.decision.ruleset.RulesetVersion;

/** The rules come from the configured folder at run time, not from the build. */
@QuarkusTest
@TestProfile(RulesFolderTest.TunedRulesFolder.class)
class RulesFolderTest {

    static final Path FOLDER = createTunedCopy();

    public static class TunedRulesFolder implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // A new deployment: with an active version recorded in the database, that version would serve.
            return Map.of("aigov.rules.directory", FOLDER.toString(), "quarkus.datasource.jdbc.url", TestDatabases.fresh("aigov_tuned_rules"));
        }
    }

    @Test
    void aThresholdChangedInTheFolderDecides() {
        given().contentType(ContentType.JSON)
                .body(EvaluationBody.withVolume(45_000))
                .when().post("/api/evaluations")
                .then().statusCode(201)
                .body("firedRules.find { it.name == 'volume-favours-fine-tuning' }.reason", containsString("over 40,000"))
                .body("rulesetVersion", equalTo(RulesetVersion.of(RulesetSource.fromDirectory(FOLDER))))
                .body("rulesetVersion", not(equalTo(RulesetVersion.of(RulesetSource.bundled()))));
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'ruleset' }.data.source", equalTo(FOLDER.toAbsolutePath().normalize().toString()));
    }

    private static Path createTunedCopy() {
        try {
            Path folder = Files.createTempDirectory("tuned-rules");
            for (RuleFile file : RulesetSource.fromDirectory(Path.of("rules"))) {
                String content = file.name().equals(RulesetSource.THRESHOLDS_FILE)
                        ? file.content().replace("volume.fineTuning.min = 50000", "volume.fineTuning.min = 40000")
                        : file.content();
                Files.writeString(folder.resolve(file.name()), content);
            }
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
