package io.aigov.console.rest;

import java.net.URI;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.oidc.IdTokenCredential;
import io.quarkus.oidc.OidcSession;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;

/** The console's home, what the signed-in user's roles let them do, and signing out. */
@Path("/console")
@Authenticated
@Produces(MediaType.TEXT_HTML)
@Tag(name = "Console", description = "The web console's pages")
public class HomeResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance home();
    }

    private final String sessionCookie;
    private final SecurityIdentity identity;
    private final OidcSession providerSession;

    public HomeResource(@ConfigProperty(name = "quarkus.http.auth.form.cookie-name") String sessionCookie, SecurityIdentity identity,
            OidcSession providerSession) {
        this.sessionCookie = sessionCookie;
        this.identity = identity;
        this.providerSession = providerSession;
    }

    @GET
    @Operation(summary = "The console's home page")
    public TemplateInstance home() {
        return Templates.home();
    }

    @POST
    @Path("signout")
    @Operation(summary = "Signs out of the console (a form with the page's token): the session cookie is removed")
    public Response signout() {
        if (identity.getCredential(IdTokenCredential.class) != null) {
            // Signed in through the provider: its session cookie goes; the provider's own session is the provider's.
            providerSession.logout().await().indefinitely();
        }
        NewCookie expired = new NewCookie.Builder(sessionCookie).path("/").maxAge(0).httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT).value("").build();
        return Response.seeOther(URI.create("/signin?signedOut=true")).cookie(expired).build();
    }
}
