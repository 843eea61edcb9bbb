package io.aigov.ruleset.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

import io.aigov.support.CapturedLog;

/**
 * The rules folder is read as data: a symbolic link out of it is refused by name, and nothing of
 * what it points at reaches an answer, the log or the stored events. Rule file names keep to one
 * safe rule wherever they come from.
 */
@QuarkusTest
@TestProfile(WritableRulesFolder.class)
class RulesFolderAsDataTest {

    private static final String SECRET = "session-key-hunter2-" + System.nanoTime();

    @Inject
    DataSource dataSource;

    private final List<Path> created = new ArrayList<>();

    @AfterEach
    void restoreTheFolder() throws IOException {
        for (Path path : created) {
            Files.deleteIfExists(path);
        }
        WritableRulesFolder.restore();
        given().when().post("/api/rules/reload").then().statusCode(200);
    }

    @Test
    void aLinkToASecretOutsideTheFolderIsRefusedAndTheSecretGoesNowhere() throws IOException {
        String before = activeVersion();
        Path secret = Files.createTempFile("admin-password", "");
        created.add(secret);
        Files.writeString(secret, SECRET + "\n");
        try (CapturedLog log = CapturedLog.of("io.aigov")) {
            link("leak.properties", secret);
            link("tests/leak.json", secret);

            String answer = given().when().post("/api/rules/reload").then().statusCode(422)
                    .contentType("application/problem+json")
                    .body("report.safetyFindings.file", hasItems("leak.properties", "tests/leak.json"))
                    .body("report.safetyFindings.message", hasItem(containsString("is a symbolic link to something outside the rules folder")))
                    .body("report.compileErrors", empty())
                    .body("report.goldenCases", empty())
                    .extract().asString();
            assertFalse(answer.contains(SECRET), answer);
            assertFalse(answer.contains(secret.getFileName().toString()), "the answer names the link's target: " + answer);

            String rules = given().when().get("/api/rules").then().statusCode(200)
                    .body("active.version", equalTo(before))
                    .body("lastFailedAttempt.report.safetyFindings.file", hasItem("leak.properties"))
                    .extract().asString();
            assertFalse(rules.contains(SECRET), rules);
            String events = given().when().get("/api/rules/events?limit=20").then().statusCode(200)
                    .body("find { it.kind == 'REJECTED' }.details.safetyFindings.file", hasItem("leak.properties"))
                    .extract().asString();
            assertFalse(events.contains(SECRET), events);
            String audit = given().queryParam("kind", "RULESET_EVENT").queryParam("size", 20).when().get("/api/audit").then()
                    .statusCode(200).extract().asString();
            assertFalse(audit.contains(SECRET), audit);
            assertFalse(stored("ruleset_event").contains(SECRET), "a stored rule event holds the secret");
            assertFalse(stored("audit_log").contains(SECRET), "the audit log holds the secret");
            assertFalse(log.all().contains(SECRET), log.all());
        }
        assertEquals(before, activeVersion());
    }

    @Test
    void namesOutsideTheSafeRuleAreRefusedWith400NamingTheField() {
        for (String name : List.of("line\nbreak.drl", "invoice\u202Eldr.drl", "a".repeat(296) + ".drl")) {
            String answer = given().contentType(ContentType.JSON)
                    .body(Map.of("files", List.of(Map.of("name", name, "content", "package aigov.x;\n"))))
                    .when().post("/api/rules/validate").then().statusCode(400).contentType("application/problem+json")
                    .body("violations[0].field", equalTo("files"))
                    .body("violations[0].message", containsString("[A-Za-z0-9]"))
                    .extract().asString();
            assertFalse(answer.contains("\u202E"), answer);
        }
        given().contentType(ContentType.JSON)
                .body(Map.of("files", List.of(Map.of("name", "invoice\u202Eldr.drl", "content", "package aigov.x;\n"))))
                .when().post("/api/rules/validate").then().statusCode(400)
                .body("violations[0].message", containsString("invoice\\u202Eldr.drl"));

        for (String encoded : List.of("line%0Abreak.drl", "invoice%E2%80%AEldr.drl", "a".repeat(296) + ".drl")) {
            String answer = given().urlEncodingEnabled(false).contentType(ContentType.TEXT).body("x")
                    .when().put("/api/rules/files/" + encoded).then().statusCode(400).contentType("application/problem+json")
                    .body("violations[0].field", equalTo("name"))
                    .body("violations[0].message", containsString("[A-Za-z0-9]"))
                    .extract().asString();
            assertFalse(answer.contains("\u202E"), answer);
        }
        assertEquals(List.of(), WritableRulesFolder.ruleFiles().stream().filter(name -> name.contains("break") || name.contains("ldr"))
                .toList(), "nothing was written");
        given().when().get("/api/rules/events?limit=20").then().statusCode(200)
                .body("details.file", not(hasItem(containsString("break"))));
    }

    private void link(String name, Path target) throws IOException {
        Path link = WritableRulesFolder.FOLDER.resolve(name);
        created.add(link);
        Files.createSymbolicLink(link, target);
    }

    private static String activeVersion() {
        return given().when().get("/api/rules").then().statusCode(200).extract().path("active.version");
    }

    private String stored(String table) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select coalesce(string_agg(t::text, ' '), '') from " + table + " t")) {
            rows.next();
            return rows.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
