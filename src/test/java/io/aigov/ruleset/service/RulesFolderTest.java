package io.aigov.ruleset.service;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.*;

import java.nio.file.Path;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

import io.aigov.decision.ruleset.RulesetSource;
import io.aigov.decision.ruleset.RulesetVersion;
import io.aigov.support.RulesWithARunaway;

/** The rules come from the configured folder at run time, not from the build. */
@QuarkusTest
@TestProfile(RulesWithARunaway.class)
class RulesFolderTest {

    @ConfigProperty(name = "aigov.rules.directory")
    String directory;

    @Inject
    ActiveRuleset activeRuleset;

    @Test
    void aThresholdChangedInTheFolderDecides() {
        Path folder = Path.of(directory);
        given().contentType(ContentType.JSON)
                .body(EvaluationBody.withVolume(45_000))
                .when().post("/api/evaluations")
                .then().statusCode(201)
                .body("firedRules.find { it.name == 'volume-favours-fine-tuning' }.reason", containsString("over 40,000"))
                .body("rulesetVersion", equalTo(RulesetVersion.of(RulesetSource.fromDirectory(folder))))
                .body("rulesetVersion", not(equalTo(RulesetVersion.of(RulesetSource.bundled()))));
        // Rules that differ from the ones built in went through the gate at start-up, in a check process.
        assertThat(activeRuleset.active().report().isolation(), containsString("child process"));
        // Read whatever the readiness is: another test of this profile stops the folder's watcher on purpose.
        given().when().get("/q/health/ready").then()
                .body("checks.find { it.name == 'ruleset' }.data.source", equalTo(folder.toAbsolutePath().normalize().toString()));
    }
}
