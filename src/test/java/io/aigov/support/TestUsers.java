package io.aigov.support;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.aigov.access.service.UserAccounts;
import io.aigov.shared.Roles;
import io.quarkus.runtime.StartupEvent;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * The people tests sign in as. Requests without their own credentials go as {@link #TESTER}, who
 * holds every role, so tests about something else need not care about sign-in.
 */
@Singleton
public class TestUsers {

    public static final String TESTER = "tester";
    public static final String SUBMITTER = "sam";
    public static final String OTHER_SUBMITTER = "sue";
    public static final String BOARD = "bea";
    public static final String OTHER_BOARD = "ben";
    public static final String COMPLIANCE = "cora";
    public static final String RULE_AUTHOR = "rita";
    public static final String OTHER_RULE_AUTHOR = "rolf";
    public static final String ADMIN = "ada";

    private static final Map<String, List<String>> ROLES = Map.of(
            TESTER, Roles.ALL,
            SUBMITTER, List.of(Roles.SUBMITTER),
            OTHER_SUBMITTER, List.of(Roles.SUBMITTER),
            BOARD, List.of(Roles.BOARD),
            OTHER_BOARD, List.of(Roles.BOARD),
            COMPLIANCE, List.of(Roles.COMPLIANCE),
            RULE_AUTHOR, List.of(Roles.RULE_AUTHOR),
            OTHER_RULE_AUTHOR, List.of(Roles.RULE_AUTHOR),
            ADMIN, List.of(Roles.ADMIN));

    public static String password(String username) {
        return username + "-test-password";
    }

    /** A request signed in as the given user. */
    public static RequestSpecification as(String username) {
        return RestAssured.given().auth().preemptive().basic(username, password(username));
    }

    /**
     * Signs in to the console as a browser does: the sign-in page's form, with the token the page
     * carries and its cookie. The response holds the session cookie when the sign-in succeeds.
     */
    public static io.restassured.response.Response signInToConsole(String username, String password) {
        String token = RestAssured.given().auth().none().get("/signin").getCookie("aigov-csrf");
        return RestAssured.given().auth().none().redirects().follow(false).cookie("aigov-csrf", token).formParam("csrf-token", token)
                .formParam("username", username).formParam("password", password).post("/signin/check");
    }

    /** The session cookie of a console sign-in as the given user. */
    public static String consoleSession(String username) {
        return signInToConsole(username, password(username)).getCookie("aigov-session");
    }

    void createUsers(@Observes StartupEvent start, UserAccounts accounts,
            @ConfigProperty(name = "test.create-users", defaultValue = "true") boolean create) {
        if (!create) {
            return;
        }
        ROLES.forEach((username, roles) -> {
            if (accounts.find(username).isEmpty()) {
                accounts.create(username, password(username), roles, "tests");
            }
        });
        RestAssured.authentication = RestAssured.preemptive().basic(TESTER, password(TESTER));
    }
}
