package io.aigov.support;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.aigov.database.SwitchedDatabase;
import io.aigov.database.TestDatabases;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The settings other than the defaults that a few tests need, in one profile, since each profile
 * starts the service once more (about 20 s here). Each setting leaves the other tests' behaviour
 * alone: a short sign-in lockout behind a trusted proxy (LoginThrottleTest), the description
 * masked in the audit trail (MaskedFieldsTest), verification in ranges of a few records
 * (ParallelVerificationTest), no rules folder, so the rules bundled in the application serve
 * (BundledRulesFallbackTest; they are the same files), on a database of their own, reached through
 * a switch that takes it away and brings it back (DatabaseOutageTest): a new deployment, whose
 * first start takes the bundled rules, and one of the tests breaks every record of the chain in turn.
 * Rule authors' simulator offers no recorded evaluation (SimulatorWithoutRecordedEvaluationsTest).
 * OpenID Connect is switched on (OidcSignInTest, ProviderSignInBrowserTest): the API's bearer tokens are
 * checked against {@link IdentityProviderStandIn#PROVIDER}'s public key, as issued by its
 * {@link IdentityProviderStandIn#ISSUER}, and the console's code flow runs against the stand-in; accounts in
 * PostgreSQL still sign in as before.
 */
public class TunedSettings implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(Map.entry("quarkus.datasource.jdbc.url", SwitchedDatabase.behindTheSwitch(TestDatabases.fresh("aigov_tuned_settings"))),
                Map.entry("aigov.rules.directory", "/nonexistent/rules-folder"),
                Map.entry("aigov.access.login.max-failures", "3"),
                Map.entry("aigov.access.login.max-failures-per-address", "5"),
                Map.entry("aigov.access.login.lockout", "2s"),
                Map.entry("quarkus.http.proxy.proxy-address-forwarding", "true"),
                Map.entry("quarkus.http.proxy.allow-x-forwarded", "true"),
                Map.entry("aigov.audit.masked-fields", "description"),
                Map.entry("aigov.rules.simulator-recent-evaluations", "0"),
                Map.entry("aigov.audit.verification-threads", "3"),
                Map.entry("aigov.audit.verification-min-range", "4"),
                Map.entry("quarkus.oidc.tenant-enabled", "true"),
                Map.entry("quarkus.oidc.public-key", Base64.getEncoder().encodeToString(IdentityProviderStandIn.PROVIDER.getPublic().getEncoded())),
                Map.entry("quarkus.oidc.token.issuer", IdentityProviderStandIn.ISSUER));
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(IdentityProviderStandIn.class));
    }
}
