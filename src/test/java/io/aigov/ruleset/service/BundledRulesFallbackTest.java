package io.aigov.ruleset.service;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.aigov.database.TestDatabases;
import io.aigov.ruleset.RulesetSource;
import io.aigov.ruleset.RulesetVersion;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** Started where there is no rules folder, the service decides with the rules bundled in the application. */
@QuarkusTest
@TestProfile(BundledRulesFallbackTest.NoRulesFolder.class)
class BundledRulesFallbackTest {

    public static class NoRulesFolder implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // A new deployment: with an active version recorded in the database, that version would serve.
            return Map.of("aigov.rules.directory", "/nonexistent/rules-folder",
                    "quarkus.datasource.jdbc.url", TestDatabases.fresh("aigov_bundled_rules"));
        }
    }

    @Test
    void theBundledRulesServe() {
        given().contentType(ContentType.JSON).body(EvaluationBody.withVolume(45_000))
                .when().post("/api/evaluations")
                .then().statusCode(201)
                .body("rulesetVersion", equalTo(RulesetVersion.of(RulesetSource.bundled())));
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'ruleset' }.data.source", equalTo("bundled"));
    }
}
