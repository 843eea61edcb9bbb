package io.aigov.access.rest;

import jakarta.ws.rs.container.ContainerRequestContext;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;

import io.aigov.access.service.AccessRefusals;

/**
 * Every API call is made by a signed-in user, so the sign-in is checked before the request is
 * matched to a resource: a caller who is not signed in gets 401 whatever the request asks for,
 * instead of the 404, 405, 406 or 415 that matching would answer first, which would also tell an
 * anonymous caller what the API holds. Roles are still checked by each endpoint.
 */
public class SignInFirst {

    private final CurrentIdentityAssociation identities;
    private final AccessRefusals refusals;

    public SignInFirst(CurrentIdentityAssociation identities, AccessRefusals refusals) {
        this.identities = identities;
        this.refusals = refusals;
    }

    @ServerRequestFilter(preMatching = true)
    public Uni<Void> requireSignIn(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.equals("/api") && !path.startsWith("/api/")) {
            return Uni.createFrom().voidItem();
        }
        // A failed sign-in fails this identity with the exception that AccessProblems answers with 401 or 429.
        return identities.getDeferredIdentity().invoke(identity -> {
            if (identity.isAnonymous()) {
                refusals.notSignedIn(request.getMethod() + " " + path);
                throw new UnauthorizedException();
            }
        }).replaceWithVoid();
    }
}
