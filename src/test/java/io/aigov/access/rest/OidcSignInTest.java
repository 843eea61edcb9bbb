package io.aigov.access.rest;

import static io.aigov.support.TestUsers.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;

import java.security.KeyPair;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.aigov.support.IdentityProviderStandIn;
import io.aigov.support.TestUsers;
import io.aigov.support.TunedSettings;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;

/**
 * OpenID Connect switched on by configuration: bearer tokens from the identity provider sign in,
 * with the user name and roles taken from their claims, as from Keycloak. The provider is stood in
 * for by its public key; the accounts in PostgreSQL keep working with Basic.
 */
@QuarkusTest
@TestProfile(TunedSettings.class)
class OidcSignInTest {

    static final KeyPair STRANGER = IdentityProviderStandIn.rsaKeyPair();

    private static String token(KeyPair signer, String user, List<String> roles) {
        return Jwt.issuer(IdentityProviderStandIn.ISSUER).claim("preferred_username", user).claim("realm_access", Map.of("roles", roles))
                .expiresIn(300).jws().keyId("test").sign(signer.getPrivate());
    }

    @Test
    void aProviderTokenSignsInWithItsUserAndRoles() {
        String olga = token(IdentityProviderStandIn.PROVIDER, "olga", List.of("compliance"));
        given().auth().oauth2(olga).get("/api/me").then().statusCode(200)
                .body("username", equalTo("olga")).body("roles", contains("compliance"));
        given().auth().oauth2(olga).get("/api/audit/head").then().statusCode(200);
        given().auth().oauth2(olga).contentType(ContentType.JSON).body(RoleAccessTest.USE_CASE).post("/api/evaluations")
                .then().statusCode(403);

        String pia = token(IdentityProviderStandIn.PROVIDER, "pia", List.of("submitter"));
        String id = given().auth().oauth2(pia).contentType(ContentType.JSON).body(RoleAccessTest.USE_CASE).post("/api/evaluations")
                .then().statusCode(201).extract().path("id");
        given().auth().oauth2(olga).get("/api/audit/" + id).then().body("requestedBy", equalTo("pia"));
    }

    @Test
    void aTokenNotSignedByTheProviderIsRefused() {
        given().auth().oauth2(token(STRANGER, "mallory", List.of("admin"))).get("/api/me").then().statusCode(401);
    }

    @Test
    void accountsInPostgreSQLStillSignInWithBasic() {
        as(TestUsers.COMPLIANCE).get("/api/me").then().statusCode(200).body("username", equalTo(TestUsers.COMPLIANCE));
    }
}
