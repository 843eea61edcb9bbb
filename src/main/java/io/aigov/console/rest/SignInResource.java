package io.aigov.console.rest;

import java.net.URI;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;

/** The console's sign-in page; its form posts to the sign-in check Quarkus runs against the accounts. */
@Path("/")
@Tag(name = "Console", description = "The web console's pages")
public class SignInResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance signin(boolean failed, boolean signedOut, boolean providerSignIn);
    }

    private final SecurityIdentity identity;
    private final boolean providerSignIn;

    public SignInResource(SecurityIdentity identity,
            @ConfigProperty(name = "quarkus.oidc.console.tenant-enabled", defaultValue = "false") boolean providerSignIn) {
        this.identity = identity;
        this.providerSignIn = providerSignIn;
    }

    @GET
    @PermitAll
    @Operation(summary = "The console: the home page when signed in, else the sign-in page")
    public Response root() {
        return Response.seeOther(URI.create(identity.isAnonymous() ? "/signin" : "/console")).build();
    }

    @GET
    @Path("signin")
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The console's sign-in page")
    public TemplateInstance signin(@QueryParam("failed") boolean failed, @QueryParam("signedOut") boolean signedOut) {
        return Templates.signin(failed, signedOut, providerSignIn);
    }

    /**
     * Where the OpenID Connect code flow starts and ends: a visitor without a provider session is
     * sent to the provider's sign-in page (configured as a path permission, so that the code flow's
     * challenge runs instead of the console's redirect to its own sign-in page) and comes back here.
     * Without the console's tenant, the visitor is sent to the sign-in page.
     */
    @GET
    @Path("signin/oidc")
    @Authenticated
    @Operation(summary = "Signs in to the console through the OpenID Connect provider, when its console tenant is switched on")
    public Response signedInWithTheProvider() {
        return Response.seeOther(URI.create("/console")).build();
    }
}
