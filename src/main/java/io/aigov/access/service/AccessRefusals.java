package io.aigov.access.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.security.spi.runtime.AuthorizationFailureEvent;
import io.vertx.ext.web.RoutingContext;

/** Logs every refused request (401 without a sign-in, 403 for a missing role) with who and what, never credentials. */
@ApplicationScoped
public class AccessRefusals {

    private static final Logger LOG = Logger.getLogger(AccessRefusals.class);

    void onRefusal(@Observes AuthorizationFailureEvent event) {
        String target = event.getEventProperties().get(RoutingContext.class.getName()) instanceof RoutingContext routing
                ? routing.request().method() + " " + routing.request().path()
                : event.getAuthorizationContext();
        if (event.getSecurityIdentity() == null || event.getSecurityIdentity().isAnonymous()) {
            notSignedIn(target);
        } else {
            LOG.warnf("Refused %s: user '%s' with roles %s lacks the role it needs (403)", target,
                    event.getSecurityIdentity().getPrincipal().getName(), event.getSecurityIdentity().getRoles());
        }
    }

    /** @param target the request's method and path */
    public void notSignedIn(String target) {
        LOG.warnf("Refused %s: not signed in (401)", target);
    }
}
