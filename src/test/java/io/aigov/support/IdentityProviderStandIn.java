package io.aigov.support;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.jose4j.jwk.RsaJsonWebKey;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.jwt.build.Jwt;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * An OpenID Connect provider that stands in for Keycloak in the console's code-flow tests:
 * discovery, its signing key, a sign-in page where the tester types the user name and roles the
 * provider vouches for, and the token endpoint that turns the one-time code into signed tokens
 * with Keycloak's claims ({@code preferred_username}, {@code realm_access.roles}). It listens on
 * the loopback interface only and is configured as the console's tenant.
 */
public class IdentityProviderStandIn implements QuarkusTestResourceLifecycleManager {

    public static final String CLIENT_ID = "aigov-console";
    /** The issuer the API's bearer tokens name, as Keycloak's realm would. */
    public static final String ISSUER = "https://keycloak.example.com/realms/aigov";
    /** The provider's key pair: the API checks bearer tokens against its public key, and the stand-in signs with it. */
    public static final KeyPair PROVIDER = rsaKeyPair();
    private static final String KEY_ID = "stand-in";

    private record SignIn(String user, List<String> roles, String nonce) {
    }

    private record AuthorizationRequest(String redirectUri, String state, String nonce) {
    }

    private final Map<String, AuthorizationRequest> requests = new ConcurrentHashMap<>();
    private final Map<String, SignIn> codes = new ConcurrentHashMap<>();
    /** The profile's provider key, which the API's bearer tokens are checked against too: a 2048-bit key takes a while to make. */
    private KeyPair key;
    private Vertx vertx;
    private String issuer;

    @Override
    public Map<String, String> start() {
        key = PROVIDER;
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create());
        router.get("/realms/aigov/.well-known/openid-configuration").handler(this::discovery);
        router.get("/realms/aigov/certs").handler(context -> context.json(new JsonObject().put("keys", new JsonArray().add(jwk()))));
        router.get("/realms/aigov/auth").handler(this::signInPage);
        router.post("/realms/aigov/auth").handler(this::signIn);
        router.post("/realms/aigov/token").handler(this::token);
        try {
            HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().get();
            issuer = "http://127.0.0.1:" + server.actualPort() + "/realms/aigov";
        } catch (Exception e) {
            throw new IllegalStateException("the identity provider stand-in did not start", e);
        }
        return Map.of("quarkus.oidc.console.tenant-enabled", "true",
                "quarkus.oidc.console.auth-server-url", issuer,
                "quarkus.oidc.console.client-id", CLIENT_ID,
                "quarkus.oidc.console.credentials.secret", "stand-in-client-secret-0123456789abcdef");
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    private void discovery(RoutingContext context) {
        context.json(new JsonObject().put("issuer", issuer)
                .put("authorization_endpoint", issuer + "/auth")
                .put("token_endpoint", issuer + "/token")
                .put("jwks_uri", issuer + "/certs")
                .put("response_types_supported", new JsonArray().add("code"))
                .put("subject_types_supported", new JsonArray().add("public"))
                .put("id_token_signing_alg_values_supported", new JsonArray().add("RS256")));
    }

    /** The provider's own sign-in page; the service's request waits on the provider's side until the answer. */
    private void signInPage(RoutingContext context) {
        String redirect = context.request().getParam("redirect_uri");
        String state = context.request().getParam("state");
        if (redirect == null || state == null || !CLIENT_ID.equals(context.request().getParam("client_id"))) {
            context.response().setStatusCode(400).end("unknown client or incomplete request");
            return;
        }
        String request = UUID.randomUUID().toString();
        requests.put(request, new AuthorizationRequest(redirect, state, context.request().getParam("nonce", "")));
        context.response().putHeader("Content-Type", "text/html; charset=utf-8").end("""
                <!DOCTYPE html><html><head><title>Identity provider</title></head><body>
                <form method="post" action="/realms/aigov/auth?request=%s">
                <label for="provider-user">User</label><input id="provider-user" name="user">
                <label for="provider-roles">Roles</label><input id="provider-roles" name="roles">
                <button type="submit">Sign in</button>
                </form></body></html>""".formatted(request));
    }

    private void signIn(RoutingContext context) {
        AuthorizationRequest request = requests.remove(String.valueOf(context.request().getParam("request")));
        if (request == null) {
            context.response().setStatusCode(400).end("unknown request");
            return;
        }
        List<String> roles = Arrays.stream(context.request().getFormAttribute("roles").split(",")).map(String::strip)
                .filter(role -> !role.isEmpty()).toList();
        String code = UUID.randomUUID().toString();
        codes.put(code, new SignIn(context.request().getFormAttribute("user"), roles, request.nonce()));
        context.redirect(request.redirectUri() + "?code=" + code + "&state=" + URLEncoder.encode(request.state(), StandardCharsets.UTF_8));
    }

    private void token(RoutingContext context) {
        SignIn signIn = codes.remove(String.valueOf(context.request().getFormAttribute("code")));
        if (signIn == null || !"authorization_code".equals(context.request().getFormAttribute("grant_type"))) {
            context.response().setStatusCode(400).putHeader("Content-Type", "application/json").end("{\"error\":\"invalid_grant\"}");
            return;
        }
        var claims = Jwt.issuer(issuer).subject(signIn.user()).audience(CLIENT_ID).claim("preferred_username", signIn.user())
                .claim("realm_access", Map.of("roles", signIn.roles())).expiresIn(300);
        if (!signIn.nonce().isEmpty()) {
            claims.claim("nonce", signIn.nonce());
        }
        String idToken = claims.jws().keyId(KEY_ID).sign(key.getPrivate());
        String accessToken = Jwt.issuer(issuer).subject(signIn.user()).claim("preferred_username", signIn.user())
                .claim("realm_access", Map.of("roles", signIn.roles())).expiresIn(300).jws().keyId(KEY_ID).sign(key.getPrivate());
        context.json(new JsonObject().put("access_token", accessToken).put("id_token", idToken)
                .put("token_type", "Bearer").put("expires_in", 300));
    }

    private JsonObject jwk() {
        RsaJsonWebKey jwk = new RsaJsonWebKey((RSAPublicKey) key.getPublic());
        jwk.setKeyId(KEY_ID);
        jwk.setAlgorithm("RS256");
        jwk.setUse("sig");
        return new JsonObject(jwk.toJson());
    }

    public static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
