package io.aigov.console.rest;

import java.net.URI;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;

/** The console's sign-in page; its form posts to the sign-in check Quarkus runs against the accounts. */
@Path("/")
@Tag(name = "Console", description = "The web console's pages")
public class SignInResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance signin(boolean failed, boolean signedOut);
    }

    private final SecurityIdentity identity;

    public SignInResource(SecurityIdentity identity) {
        this.identity = identity;
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
        return Templates.signin(failed, signedOut);
    }
}
