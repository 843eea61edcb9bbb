package io.aigov.access.rest;

import static io.aigov.support.TestUsers.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.aigov.access.config.AccessConfig;
import io.aigov.support.AuditTable;
import io.aigov.support.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Administrators manage accounts; every change takes effect at once and is recorded. */
@QuarkusTest
class UserManagementTest {

    @Inject
    AuditTable tables;

    @Inject
    AccessConfig accessConfig;

    @Test
    void anAccountIsCreatedChangedAndRemovedWithEveryStepEffectiveAndRecorded() {
        String user = "quinn";
        as(TestUsers.ADMIN).contentType(ContentType.JSON)
                .body("{\"username\": \"quinn\", \"password\": \"first-long-password\", \"roles\": [\"submitter\"]}")
                .post("/api/users").then().statusCode(201).header("Location", endsWith("/api/users/quinn"))
                .body("roles", contains("submitter")).body("createdBy", equalTo(TestUsers.ADMIN)).body("$", not(hasKey("passwordHash")));
        assertStoredAsBcryptOfTheConfiguredCost(user);
        signIn(user, "first-long-password").get("/api/me").then().statusCode(200).body("roles", contains("submitter"));
        signIn(user, "first-long-password").get("/api/audit").then().statusCode(403);

        as(TestUsers.ADMIN).contentType(ContentType.JSON).body("{\"roles\": [\"compliance\"]}").put("/api/users/quinn/roles")
                .then().statusCode(200).body("roles", contains("compliance"));
        signIn(user, "first-long-password").get("/api/audit").then().statusCode(200);

        signIn(user, "first-long-password").contentType(ContentType.JSON).body("{\"password\": \"second-long-password\"}")
                .put("/api/users/quinn/password").then().statusCode(204);
        signIn(user, "first-long-password").get("/api/me").then().statusCode(401);
        signIn(user, "second-long-password").get("/api/me").then().statusCode(200);
        assertStoredAsBcryptOfTheConfiguredCost(user);
        signIn(user, "second-long-password").contentType(ContentType.JSON).body("{\"password\": \"someone-elses-password\"}")
                .put("/api/users/" + TestUsers.SUBMITTER + "/password").then().statusCode(403);

        as(TestUsers.ADMIN).delete("/api/users/quinn").then().statusCode(204);
        signIn(user, "second-long-password").get("/api/me").then().statusCode(401);

        as(TestUsers.ADMIN).get("/api/users/events").then().statusCode(200)
                .body("findAll { it.username == 'quinn' }.action", contains("REMOVED", "PASSWORD_CHANGED", "ROLES_CHANGED", "CREATED"))
                .body("findAll { it.username == 'quinn' }.actor", contains(TestUsers.ADMIN, user, TestUsers.ADMIN, TestUsers.ADMIN));
    }

    @Test
    void badAccountRequestsNameTheFieldAndChangeNothing() {
        long before = tables.countOf("app_user");
        as(TestUsers.ADMIN).contentType(ContentType.JSON).body("{\"username\": \"Bad Name\", \"password\": \"short\", \"roles\": [\"root\"]}")
                .post("/api/users").then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItems("username", "password", "roles[0]"));
        as(TestUsers.ADMIN).contentType(ContentType.JSON)
                .body("{\"username\": \"" + TestUsers.SUBMITTER + "\", \"password\": \"long-enough-password\", \"roles\": [\"board\"]}")
                .post("/api/users").then().statusCode(409);
        as(TestUsers.ADMIN).contentType(ContentType.JSON).body("{\"roles\": [\"board\"]}").put("/api/users/nobody-here/roles")
                .then().statusCode(404);
        assertEquals(before, tables.countOf("app_user"));
    }

    @Test
    void administratorsCreatingTheSameNameAtOnceGetOneAccountAndConflictsNeverAnError() throws Exception {
        int requests = 6;
        ExecutorService clients = Executors.newFixedThreadPool(requests);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            String password = "concurrent-password-" + i;
            answers.add(clients.submit(() -> {
                start.await();
                return as(TestUsers.ADMIN).contentType(ContentType.JSON)
                        .body("{\"username\": \"raced\", \"password\": \"" + password + "\", \"roles\": [\"board\"]}")
                        .post("/api/users").then().extract().statusCode();
            }));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> answer : answers) {
            statuses.add(answer.get(60, TimeUnit.SECONDS));
        }
        clients.shutdown();
        assertEquals(1, statuses.stream().filter(status -> status == 201).count(), "statuses " + statuses);
        assertEquals(requests - 1, statuses.stream().filter(status -> status == 409).count(), "statuses " + statuses);
        assertEquals(1, tables.countOf("app_user where username = 'raced'"));
        assertEquals(1, tables.countOf("user_event where username = 'raced'"));
    }

    private static RequestSpecification signIn(String user, String password) {
        return given().auth().preemptive().basic(user, password);
    }

    /** Only a bcrypt hash is kept, made with the cost the configuration names (the tests' lowest, not bcrypt's default of 10). */
    private void assertStoredAsBcryptOfTheConfiguredCost(String user) {
        String hash = tables.queryText("select password_hash from app_user where username = '" + user + "'");
        assertTrue(hash.matches("\\$2[aby]?\\$%02d\\$.{53}".formatted(accessConfig.passwordHashCost())), hash);
    }
}
