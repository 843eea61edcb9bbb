package io.aigov.access.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.aigov.database.TestDatabases;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** On an empty database the first administrator comes from configuration (a secret file), and cannot be lost. */
@QuarkusTest
@TestProfile(InitialAdminTest.EmptyDatabase.class)
class InitialAdminTest {

    static final String USERNAME = "chief";
    static final String PASSWORD = "configured-admin-password";

    public static class EmptyDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.jdbc.url", TestDatabases.fresh("aigov_initial_admin"),
                    "aigov.access.initial-admin.username", USERNAME,
                    "aigov.access.initial-admin.password-file", passwordFile().toString(),
                    "test.create-users", "false");
        }
    }

    private static Path passwordFile() {
        try {
            Path file = Files.createTempFile("initial-admin", ".secret");
            Files.writeString(file, PASSWORD + "\n");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RequestSpecification chief() {
        return given().auth().preemptive().basic(USERNAME, PASSWORD);
    }

    @Test
    void theConfiguredAdministratorIsTheOnlyAccountAndSignsIn() {
        chief().get("/api/users").then().statusCode(200)
                .body("username", contains(USERNAME))
                .body("[0].roles", contains("admin"))
                .body("[0].createdBy", equalTo("initial-admin"));
        given().auth().preemptive().basic(USERNAME, "not-the-configured-one").get("/api/users").then().statusCode(401);
    }

    @Test
    void theLastAdministratorCannotBeDemotedOrRemoved() {
        chief().contentType(ContentType.JSON).body("{\"roles\": [\"board\"]}").put("/api/users/" + USERNAME + "/roles")
                .then().statusCode(409).body("detail", containsString("last administrator"));
        chief().delete("/api/users/" + USERNAME).then().statusCode(409).body("detail", containsString("own account"));
        chief().get("/api/me").then().statusCode(200).body("roles", contains("admin"));
    }
}
