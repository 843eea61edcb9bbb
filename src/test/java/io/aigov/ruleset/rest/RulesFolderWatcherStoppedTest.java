package io.aigov.ruleset.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.aigov.support.RulesWithARunaway;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** A service whose rules folder is no longer watched says so: it is unready, not silently deaf to saved changes. */
@QuarkusTest
@TestProfile(RulesWithARunaway.class)
class RulesFolderWatcherStoppedTest {

    @Test
    void aStoppedWatcherMakesTheServiceUnready() throws InterruptedException {
        given().get("/q/health/ready").then().statusCode(200);
        Thread watcher = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("rules-folder-watcher")).findFirst().orElseThrow();

        watcher.interrupt();
        watcher.join(5_000);

        assertTrue(!watcher.isAlive(), "the watcher did not stop");
        given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'rules-folder-watcher' }.status", equalTo("DOWN"));
    }
}
