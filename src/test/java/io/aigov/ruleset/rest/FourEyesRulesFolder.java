package io.aigov.ruleset.rest;

import static io.aigov.support.TestUsers.as;

import java.util.Map;

import io.aigov.database.TestDatabases;
import io.aigov.support.TestUsers;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.restassured.http.ContentType;

/** The editable rules folder with four-eyes control on, as in production. */
public class FourEyesRulesFolder implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("aigov.rules.directory", WritableRulesFolder.FOLDER.toString(), "aigov.rules.approval-required", "true",
                "quarkus.datasource.jdbc.url", TestDatabases.fresh("aigov_rules_folder"));
    }

    /**
     * Puts the folder back, rejects what is pending and, if another version serves, brings the
     * original back through the same control: proposed by one author, approved by another.
     */
    public static void restore(String originalVersion) {
        WritableRulesFolder.restore();
        for (String pending : as(TestUsers.RULE_AUTHOR).get("/api/rules/changes?status=PENDING").jsonPath().<String>getList("id")) {
            as(TestUsers.RULE_AUTHOR).contentType(ContentType.JSON).body("{}").post("/api/rules/changes/" + pending + "/reject");
        }
        if (!originalVersion.equals(servingVersion())) {
            String change = as(TestUsers.RULE_AUTHOR).post("/api/rules/reload").then().statusCode(202).extract().path("change.id");
            as(TestUsers.OTHER_RULE_AUTHOR).contentType(ContentType.JSON).body("{}").post("/api/rules/changes/" + change + "/approve")
                    .then().statusCode(200);
        }
    }

    public static String servingVersion() {
        return as(TestUsers.RULE_AUTHOR).get("/api/rules").path("active.version");
    }
}
