package io.aigov.ruleset.service;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

import io.aigov.decision.ruleset.RulesetSource;
import io.aigov.decision.ruleset.RulesetVersion;
import io.aigov.support.TunedSettings;

/** Started where there is no rules folder, the service decides with the rules bundled in the application. */
@QuarkusTest
@TestProfile(TunedSettings.class)
class BundledRulesFallbackTest {

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
