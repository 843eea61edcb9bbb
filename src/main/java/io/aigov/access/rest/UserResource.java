package io.aigov.access.rest;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;

import io.aigov.access.UserAccount;
import io.aigov.access.UserEvent;
import io.aigov.access.service.AccountCommands.NewUser;
import io.aigov.access.service.AccountCommands.PasswordChange;
import io.aigov.access.service.AccountCommands.RolesChange;
import io.aigov.access.service.UserAccounts;
import io.aigov.api.rest.Problems;
import io.aigov.shared.Roles;

@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Users", description = "Who may sign in and with which roles")
public class UserResource {

    public record UserView(String username, List<String> roles, Instant createdAt, String createdBy, Instant updatedAt) {
        static UserView of(UserAccount account) {
            return new UserView(account.username, account.roles, account.createdAt, account.createdBy, account.updatedAt);
        }
    }

    public record Me(String username, Set<String> roles) {
    }

    private final UserAccounts accounts;
    private final SecurityIdentity identity;

    public UserResource(UserAccounts accounts, SecurityIdentity identity) {
        this.accounts = accounts;
        this.identity = identity;
    }

    @GET
    @Path("/me")
    @Authenticated
    @Operation(summary = "Who is signed in, with which roles")
    public Me me() {
        return new Me(identity.getPrincipal().getName(), identity.getRoles());
    }

    @GET
    @Path("/users")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "List the accounts")
    public List<UserView> list() {
        return accounts.list().stream().map(UserView::of).toList();
    }

    @POST
    @Path("/users")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Create an account", description = "The password is stored only as a bcrypt hash.")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "400", description = "Invalid body; every offending field is named", content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "409", description = "The user name is taken", content = @Content(mediaType = "application/problem+json"))
    public Response create(NewUser user) {
        UserAccount account = accounts.create(user.username(), user.password(), user.roles(), actor());
        return Response.created(URI.create("/api/users/" + account.username)).entity(UserView.of(account)).build();
    }

    @PUT
    @Path("/users/{username}/roles")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Replace an account's roles", description = "The last administrator cannot lose the admin role.")
    @APIResponse(responseCode = "200", description = "The account with its new roles")
    @APIResponse(responseCode = "404", description = "No such user", content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "409", description = "It would leave no administrator", content = @Content(mediaType = "application/problem+json"))
    public UserView changeRoles(@PathParam("username") String username, RolesChange change) {
        return UserView.of(accounts.changeRoles(username, change.roles(), actor()));
    }

    @PUT
    @Path("/users/{username}/password")
    @Consumes(MediaType.APPLICATION_JSON)
    @Authenticated
    @Operation(summary = "Set a password", description = "Administrators set anyone's; everyone else only their own.")
    @APIResponse(responseCode = "204", description = "Changed; the old password no longer signs in")
    @APIResponse(responseCode = "403", description = "Someone else's password, and not an administrator", content = @Content(mediaType = "application/problem+json"))
    public void changePassword(@PathParam("username") String username, PasswordChange change) {
        if (!username.equals(actor()) && !identity.hasRole(Roles.ADMIN)) {
            throw Problems.of(Response.Status.FORBIDDEN, "Only an administrator may set another user's password");
        }
        accounts.changePassword(username, change.password(), actor());
    }

    @DELETE
    @Path("/users/{username}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Remove an account", description = "Its past actions stay in the audit trail under its name.")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "409", description = "Your own account, or the last administrator", content = @Content(mediaType = "application/problem+json"))
    public void remove(@PathParam("username") String username) {
        accounts.remove(username, actor());
    }

    @GET
    @Path("/users/events")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Every change to accounts, newest first: who did what to whom")
    public List<UserEvent> events() {
        return accounts.events();
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }
}
