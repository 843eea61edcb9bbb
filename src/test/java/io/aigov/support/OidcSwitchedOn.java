package io.aigov.support;

import java.security.KeyPair;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * OpenID Connect switched on: the API's bearer tokens are checked against {@link #PROVIDER}'s public
 * key, as issued by {@link #ISSUER}; the console's code flow runs against {@link IdentityProviderStandIn}.
 */
public class OidcSwitchedOn implements QuarkusTestProfile {

    public static final String ISSUER = "https://keycloak.example.com/realms/aigov";
    public static final KeyPair PROVIDER = IdentityProviderStandIn.rsaKeyPair();

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.oidc.tenant-enabled", "true",
                "quarkus.oidc.public-key", Base64.getEncoder().encodeToString(PROVIDER.getPublic().getEncoded()),
                "quarkus.oidc.token.issuer", ISSUER);
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(IdentityProviderStandIn.class));
    }
}
