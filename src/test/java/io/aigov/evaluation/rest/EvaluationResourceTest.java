package io.aigov.evaluation.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class EvaluationResourceTest {

    @Test
    void smoke() {
        String body = """
                {"name": "Contract review", "dailyRequestVolume": 60000, "consistency": "STRICT", "labeledExamples": 2000,
                 "stableMonths": 6, "timeToProductionWeeks": 6, "latencyBudgetMs": 150, "vocabulary": "PROPRIETARY"}
                """;
        String location = given().contentType(ContentType.JSON).body(body)
                .when().post("/api/evaluations")
                .then().log().all().statusCode(201).extract().header("Location");
        given().when().get(location).then().log().all().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"nam\": 1, \"consistency\": \"X\", \"labeledExamples\": 3.5}")
                .when().post("/api/evaluations").then().log().all().statusCode(400);
    }
}
