package io.aigov.access.service;

import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransactionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/** Signs in HTTP Basic users against the accounts in PostgreSQL, refusing addresses and users that failed too often. */
@ApplicationScoped
public class PasswordIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    private static final Logger LOG = Logger.getLogger(PasswordIdentityProvider.class);

    private final UserAccounts accounts;
    private final LoginThrottle throttle;

    public PasswordIdentityProvider(UserAccounts accounts, LoginThrottle throttle) {
        this.accounts = accounts;
        this.throttle = throttle;
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request, AuthenticationRequestContext context) {
        String username = request.getUsername();
        String address = clientAddress(request);
        return context.runBlocking(() -> {
            try {
                return signIn(username, request.getPassword().getPassword(), address);
            } catch (PersistenceException | QuarkusTransactionException e) {
                // The database is out of reach: nobody can be told their password is wrong, nor let in.
                throw new SignInUnavailableException(e);
            }
        });
    }

    private SecurityIdentity signIn(String username, char[] password, String address) {
        LoginThrottle.Standing standing = throttle.standing(username, address);
        if (standing.refusedFor().isPresent()) {
            LOG.warnf("Sign-in refused for user '%s' from %s: too many failed attempts", printable(username), address);
            throw new LoginThrottledException(standing.refusedFor().get());
        }
        Optional<Set<String>> roles = accounts.verify(username, password, standing.accountChangedAt());
        if (roles.isEmpty()) {
            throttle.failed(username, address);
            LOG.warnf("Sign-in failed for user '%s' from %s", printable(username), address);
            throw new AuthenticationFailedException("wrong user name or password");
        }
        if (standing.userHasFailures()) {
            throttle.succeeded(username);
        }
        return QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(username)).addRoles(roles.get()).build();
    }

    private static String clientAddress(UsernamePasswordAuthenticationRequest request) {
        RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(request);
        return routing == null || routing.request().remoteAddress() == null ? "unknown" : routing.request().remoteAddress().hostAddress();
    }

    /** A user name as typed by a client, safe to put in a log line. */
    static String printable(String username) {
        String visible = username.replaceAll("\\p{Cntrl}", "?");
        return visible.length() > 100 ? visible.substring(0, 100) + "..." : visible;
    }
}
