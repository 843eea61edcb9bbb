package io.aigov.access.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;


import org.junit.jupiter.api.Test;

import io.aigov.support.TestUsers;
import io.aigov.support.TunedSettings;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;

/**
 * Failed sign-ins are limited per user name and per client address; the limits lift once the
 * lockout has passed. Client addresses come from X-Forwarded-For, as behind a proxy.
 */
@QuarkusTest
@TestProfile(TunedSettings.class)
class LoginThrottleTest {

    private static RequestSpecification from(String address, String username, String password) {
        return given().auth().preemptive().basic(username, password).header("X-Forwarded-For", address);
    }

    @Test
    void aUserNameIsLockedAfterTooManyFailuresFromAnywhereThenFreedAgain() throws InterruptedException {
        String user = TestUsers.BOARD;
        for (int i = 0; i < 3; i++) {
            from("198.51.100." + i, user, "wrong-password-" + i).get("/api/me").then().statusCode(401);
        }
        from("198.51.100.99", user, TestUsers.password(user)).get("/api/me")
                .then().statusCode(429).contentType("application/problem+json")
                .header("Retry-After", notNullValue()).body("detail", containsString("failed sign-ins"));
        from("198.51.100.99", TestUsers.OTHER_BOARD, TestUsers.password(TestUsers.OTHER_BOARD)).get("/api/me")
                .then().statusCode(200);

        Thread.sleep(2_500);
        from("198.51.100.99", user, TestUsers.password(user)).get("/api/me").then().statusCode(200).body("username", equalTo(user));
    }

    @Test
    void anAddressIsLockedAfterTooManyFailuresWhateverTheUserNames() {
        String address = "203.0.113.7";
        for (int i = 0; i < 5; i++) {
            from(address, "nobody-" + i, "wrong-password").get("/api/me").then().statusCode(401);
        }
        from(address, TestUsers.COMPLIANCE, TestUsers.password(TestUsers.COMPLIANCE)).get("/api/me").then().statusCode(429);
        from("203.0.113.8", TestUsers.COMPLIANCE, TestUsers.password(TestUsers.COMPLIANCE)).get("/api/me").then().statusCode(200);
    }
}
