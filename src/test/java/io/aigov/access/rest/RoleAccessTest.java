package io.aigov.access.rest;

import static io.aigov.support.TestUsers.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.aigov.shared.Roles;
import io.aigov.support.AuditTable;
import io.aigov.support.CapturedLog;
import io.aigov.support.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Each role can do its own work and nothing else; nobody gets anywhere without signing in. */
@QuarkusTest
class RoleAccessTest {

    static final String USE_CASE = """
            {"name": "Ticket triage", "dailyRequestVolume": 2000, "consistency": "FLEXIBLE", "labeledExamples": 0,
             "stableMonths": 1, "timeToProductionWeeks": 2, "latencyBudgetMs": 3000, "vocabulary": "STANDARD"}
            """;

    @Inject
    AuditTable auditTable;

    @Test
    void everyApiOperationRefusesAnUnauthenticatedCaller() {
        Map<String, Map<String, Map<String, Object>>> paths = given().auth().none().get("/q/openapi?format=json").then().statusCode(200)
                .extract().jsonPath().getMap("paths");
        List<String> checked = new ArrayList<>();
        paths.forEach((path, operations) -> {
            if (!path.startsWith("/api")) {
                return;
            }
            String concrete = path.replaceAll("\\{[^}]+}", "00000000-0000-0000-0000-000000000000");
            operations.forEach((method, operation) -> {
                // Whatever it accepts: what an operation serves is none of an anonymous caller's business.
                for (String accept : List.of("*/*", "application/json", "image/png")) {
                    RequestSpecification request = given().auth().none().accept(accept);
                    String type = operation.get("requestBody") instanceof Map<?, ?> body && body.get("content") instanceof Map<?, ?> content
                            ? (String) content.keySet().iterator().next()
                            : null;
                    if ("multipart/form-data".equals(type)) {
                        request.multiPart("file", "x");
                    } else if (type != null) {
                        request.contentType(type).body(type.contains("json") ? "{}" : "x");
                    }
                    request.request(method.toUpperCase(), concrete)
                            .then().statusCode(401).contentType("application/problem+json")
                            .header("WWW-Authenticate", containsString("Basic"));
                }
                checked.add(method + " " + path);
            });
        });
        assertTrue(checked.size() >= 25, "checked every operation: " + checked);
    }

    @Test
    void theSigningKeyIsServedAsPemAndAJsonRequestForItIsRefusedAsAProblem() {
        given().auth().none().accept(ContentType.JSON).get("/api/audit/public-key").then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", containsString("Basic"));
        as(TestUsers.COMPLIANCE).accept(ContentType.JSON).get("/api/audit/public-key").then().statusCode(406)
                .contentType("application/problem+json").body("status", equalTo(406));
        as(TestUsers.COMPLIANCE).accept("application/x-pem-file").get("/api/audit/public-key").then().statusCode(200)
                .body(containsString("BEGIN PUBLIC KEY"));
        as(TestUsers.SUBMITTER).accept("application/x-pem-file").get("/api/audit/public-key").then().statusCode(403)
                .contentType("application/problem+json");
    }

    /**
     * The role table in docs/board-and-roles.md ("Users and roles") names every API operation the service has,
     * with the roles that the code allows to call it (the OpenAPI document lists them, from the
     * endpoints' own annotations), and nothing else: it cannot drift from the code unnoticed.
     */
    @Test
    void theDocumentedRoleTableListsEveryApiOperationWithTheRolesThatMayCallIt() throws IOException {
        Map<String, Set<String>> documented = RoleTableDocument.read(RoleTableDocument.PAGE);
        Map<String, Map<String, Map<String, Object>>> paths = given().auth().none().get("/q/openapi?format=json").then().statusCode(200)
                .extract().jsonPath().getMap("paths");
        Map<String, Set<String>> served = new TreeMap<>();
        paths.forEach((path, operations) -> {
            if (path.startsWith("/api")) {
                operations.forEach((method, operation) -> served.put(method.toUpperCase() + " " + path, rolesOf(operation)));
            }
        });
        assertTrue(served.size() >= 40, "the OpenAPI document lists the API: " + served.keySet());
        List<String> wrong = new ArrayList<>();
        served.forEach((operation, roles) -> {
            if (!documented.containsKey(operation)) {
                wrong.add(operation + " is missing from the role table (roles " + roles + ")");
            } else if (!documented.get(operation).equals(roles)) {
                wrong.add(operation + " is listed for " + documented.get(operation) + " but the code allows " + roles);
            }
        });
        documented.keySet().stream().filter(operation -> !served.containsKey(operation))
                .forEach(operation -> wrong.add(operation + " is in the role table but the service has no such operation"));
        assertEquals(List.of(), wrong);
    }

    /** The roles an operation allows, as the OpenAPI document gives them: none named means any signed-in user. */
    @SuppressWarnings("unchecked")
    private static Set<String> rolesOf(Map<String, Object> operation) {
        List<Map<String, List<String>>> security = (List<Map<String, List<String>>>) operation.get("security");
        assertNotNull(security, "every API operation says who may call it: " + operation.get("summary"));
        Set<String> roles = new TreeSet<>();
        security.forEach(requirement -> requirement.values().forEach(roles::addAll));
        return roles.isEmpty() ? new TreeSet<>(Roles.ALL) : roles;
    }

    @Test
    void aWrongPasswordIsRefusedAndLoggedWithoutTheSecret() {
        String all;
        try (CapturedLog log = CapturedLog.of("io.aigov.access")) {
            given().auth().preemptive().basic(TestUsers.COMPLIANCE, "not-the-password-hunter2").get("/api/audit")
                    .then().statusCode(401).contentType("application/problem+json");
            as(TestUsers.SUBMITTER).get("/api/audit").then().statusCode(403).contentType("application/problem+json");
            all = log.all();
        }
        assertTrue(all.contains(TestUsers.COMPLIANCE) && all.contains("failed"), all);
        assertTrue(all.contains(TestUsers.SUBMITTER) && all.contains("403") && all.contains("/api/audit"), all);
        assertFalse(all.contains("hunter2"), "no password in the log: " + all);
        assertFalse(all.contains(TestUsers.password(TestUsers.SUBMITTER)), "no password in the log: " + all);
    }

    @Test
    void submittersEvaluateAndTheAuditNamesTheSignedInUserNeverAClaim() {
        String id = as(TestUsers.SUBMITTER).header("X-User", "mallory").header("X-Requested-By", "mallory")
                .contentType(ContentType.JSON).body(USE_CASE).post("/api/evaluations").then().statusCode(201).extract().path("id");
        assertEquals(TestUsers.SUBMITTER, auditTable.column("requested_by", id));

        for (String refused : List.of(TestUsers.BOARD, TestUsers.COMPLIANCE, TestUsers.RULE_AUTHOR, TestUsers.ADMIN)) {
            long before = auditTable.count();
            as(refused).contentType(ContentType.JSON).body(USE_CASE).post("/api/evaluations")
                    .then().statusCode(403).contentType("application/problem+json");
            assertEquals(before, auditTable.count(), refused + " evaluated nothing");
        }
        as(TestUsers.BOARD).get("/api/evaluations/" + id).then().statusCode(200);
        as(TestUsers.COMPLIANCE).post("/api/evaluations/" + id + "/replay").then().statusCode(200);
        as(TestUsers.BOARD).post("/api/evaluations/" + id + "/replay").then().statusCode(200);
        as(TestUsers.SUBMITTER).post("/api/evaluations/" + id + "/replay").then().statusCode(403);
        as(TestUsers.RULE_AUTHOR).get("/api/evaluations/" + id).then().statusCode(403);
    }

    @Test
    void complianceAloneReadsExportsAndVerifiesTheAuditTrail() {
        for (String path : List.of("/api/audit", "/api/audit/head", "/api/audit/verify", "/api/audit/export?format=jsonl")) {
            as(TestUsers.COMPLIANCE).get(path).then().statusCode(200);
            for (String refused : List.of(TestUsers.SUBMITTER, TestUsers.BOARD, TestUsers.RULE_AUTHOR, TestUsers.ADMIN)) {
                as(refused).get(path).then().statusCode(403);
            }
        }
    }

    @Test
    void ruleAuthorsChangeRulesWhileBoardAndComplianceOnlyRead() {
        for (String reader : List.of(TestUsers.RULE_AUTHOR, TestUsers.BOARD, TestUsers.COMPLIANCE)) {
            as(reader).get("/api/rules").then().statusCode(200);
            as(reader).get("/api/rules/versions").then().statusCode(200);
            as(reader).get("/api/rules/events").then().statusCode(200);
        }
        for (String outsider : List.of(TestUsers.SUBMITTER, TestUsers.ADMIN)) {
            as(outsider).get("/api/rules").then().statusCode(403);
        }
        String body = "{\"files\": [{\"name\": \"thresholds.properties\", \"content\": \"x = 1\"}]}";
        as(TestUsers.RULE_AUTHOR).contentType(ContentType.JSON).body(body).post("/api/rules/validate").then().statusCode(200);
        for (String refused : List.of(TestUsers.BOARD, TestUsers.COMPLIANCE, TestUsers.SUBMITTER, TestUsers.ADMIN)) {
            as(refused).contentType(ContentType.JSON).body(body).post("/api/rules/validate").then().statusCode(403);
            as(refused).post("/api/rules/reload").then().statusCode(403);
            as(refused).contentType("text/plain").body("x = 1").put("/api/rules/files/thresholds.properties").then().statusCode(403);
        }
    }

    @Test
    void onlyAdministratorsManageUsers() {
        as(TestUsers.ADMIN).get("/api/users").then().statusCode(200).body("username", hasItem(TestUsers.SUBMITTER));
        for (String refused : List.of(TestUsers.SUBMITTER, TestUsers.BOARD, TestUsers.COMPLIANCE, TestUsers.RULE_AUTHOR)) {
            as(refused).get("/api/users").then().statusCode(403);
            as(refused).contentType(ContentType.JSON).body("{\"username\": \"x\", \"password\": \"long-enough-password\", \"roles\": [\"admin\"]}")
                    .post("/api/users").then().statusCode(403);
        }
        as(TestUsers.SUBMITTER).get("/api/me").then().statusCode(200).body("username", equalTo(TestUsers.SUBMITTER))
                .body("roles", contains("submitter"));
    }
}
