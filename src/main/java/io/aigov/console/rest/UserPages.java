package io.aigov.console.rest;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;

import io.aigov.access.UserAccount;
import io.aigov.access.UserEvent;
import io.aigov.access.service.AccountCommands;
import io.aigov.access.service.AccountConflictException;
import io.aigov.access.service.NoSuchAccountException;
import io.aigov.access.service.UserAccounts;
import io.aigov.api.rest.StrictJsonBinder;
import io.aigov.shared.Roles;

/** The administrator's page: accounts with their roles, creating, changing roles, resetting passwords, removing, and the history. */
@Path("/console/users")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.TEXT_HTML)
@Tag(name = "Console", description = "The web console's pages")
public class UserPages {

    private static final JsonMapper JSON = new JsonMapper();

    /**
     * What the page reports about the last action: a message for the whole page, or errors by
     * field of the form it concerns (the user it concerns, or "new" for the new-user form), with the
     * user name and roles the new-user form was sent with, so that it is shown again as filled in.
     */
    public record Outcome(String about, String message, Map<String, String> errors, String username, List<String> roles) {

        Outcome(String about, String message, Map<String, String> errors, String username) {
            this(about, message, errors, username, List.of());
        }

        static Outcome none() {
            return new Outcome(null, null, Map.of(), "");
        }

        public String error(String field) {
            return errors.get(field);
        }
    }

    @CheckedTemplate
    static class Templates {
        /**
         * @param query the part of a user name the accounts were found by, or blank for all
         * @param done  what the last action did, in words, or null
         */
        static native TemplateInstance users(List<UserAccount> accounts, List<String> roles, List<UserEvent> events, String me,
                Outcome outcome, String query, String done);
    }

    private final UserAccounts accounts;
    private final StrictJsonBinder binder;
    private final SecurityIdentity identity;

    public UserPages(UserAccounts accounts, StrictJsonBinder binder, SecurityIdentity identity) {
        this.accounts = accounts;
        this.binder = binder;
        this.identity = identity;
    }

    /** What an action did, as the page says it after leading the browser back: by a code, so the address carries no text of its own. */
    enum Done {
        CREATED("Created %s."), ROLES("Saved the roles of %s."), PASSWORD("Set a new password for %s."), REMOVED("Removed %s.");

        private final String sentence;

        Done(String sentence) {
            this.sentence = sentence;
        }
    }

    @GET
    @Operation(summary = "The accounts, found by part of their name, and their history; what the last action did")
    public TemplateInstance users(@QueryParam("q") String query, @QueryParam("done") String done, @QueryParam("user") String user) {
        String found = query == null ? "" : query.strip();
        String said = done == null || user == null ? null : Arrays.stream(Done.values()).filter(d -> d.name().equals(done)).findFirst()
                .map(d -> d.sentence.formatted(user)).orElse(null);
        return page(Outcome.none(), found, said);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Creates an account, with the API's validation")
    public Response create(MultivaluedMap<String, String> form) throws IOException {
        ObjectNode json = JSON.createObjectNode();
        json.put("username", value(form, "username"));
        json.put("password", value(form, "password"));
        putRoles(json, form);
        StrictJsonBinder.Binding<AccountCommands.NewUser> binding = binder.bind(json, AccountCommands.NewUser.class);
        String username = value(form, "username");
        List<String> roles = form.getOrDefault("roles", List.of());
        if (!binding.violations().isEmpty()) {
            return shown(new Outcome("new", null, ConsoleForms.errors(binding.violations()), username, roles), 400);
        }
        return act(new Outcome("new", null, Map.of(), username, roles), Done.CREATED,
                () -> accounts.create(binding.value().username(), binding.value().password(), binding.value().roles(), actor()));
    }

    @POST
    @Path("{username}/roles")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Replaces an account's roles")
    public Response roles(@PathParam("username") String username, MultivaluedMap<String, String> form) throws IOException {
        ConsoleForms.requireNoControlCharacters(form);
        ObjectNode json = JSON.createObjectNode();
        putRoles(json, form);
        StrictJsonBinder.Binding<AccountCommands.RolesChange> binding = binder.bind(json, AccountCommands.RolesChange.class);
        if (!binding.violations().isEmpty()) {
            return shown(new Outcome(username, null, ConsoleForms.errors(binding.violations()), username), 400);
        }
        return act(new Outcome(username, null, Map.of(), username), Done.ROLES, () -> accounts.changeRoles(username, binding.value().roles(), actor()));
    }

    @POST
    @Path("{username}/password")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Sets a new password for an account")
    public Response password(@PathParam("username") String username, MultivaluedMap<String, String> form) throws IOException {
        ConsoleForms.requireNoControlCharacters(form);
        ObjectNode json = JSON.createObjectNode();
        json.put("password", value(form, "password"));
        StrictJsonBinder.Binding<AccountCommands.PasswordChange> binding = binder.bind(json, AccountCommands.PasswordChange.class);
        if (!binding.violations().isEmpty()) {
            return shown(new Outcome(username, null, ConsoleForms.errors(binding.violations()), username), 400);
        }
        return act(new Outcome(username, null, Map.of(), username), Done.PASSWORD,
                () -> accounts.changePassword(username, binding.value().password(), actor()));
    }

    @POST
    @Path("{username}/remove")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Removes an account")
    public Response remove(@PathParam("username") String username, MultivaluedMap<String, String> form) {
        ConsoleForms.requireNoControlCharacters(form);
        return act(new Outcome(username, null, Map.of(), username), Done.REMOVED, () -> accounts.remove(username, actor()));
    }

    /** Does what the form asked and shows the page again; a refusal of the service is shown on the page. */
    private Response act(Outcome outcome, Done done, Runnable action) {
        try {
            action.run();
        } catch (AccountConflictException refused) {
            return shown(new Outcome(outcome.about(), refused.getMessage(), Map.of(), outcome.username(), outcome.roles()),
                    Response.Status.CONFLICT.getStatusCode());
        } catch (NoSuchAccountException missing) {
            return shown(new Outcome(outcome.about(), missing.getMessage(), Map.of(), outcome.username(), outcome.roles()),
                    Response.Status.NOT_FOUND.getStatusCode());
        }
        return Response.seeOther(UriBuilder.fromPath("/console/users").queryParam("done", done.name()).queryParam("user", outcome.username())
                .build()).build();
    }

    private Response shown(Outcome outcome, int status) {
        return Response.status(status).type(MediaType.TEXT_HTML).entity(page(outcome)).build();
    }

    private TemplateInstance page(Outcome outcome) {
        return page(outcome, "", null);
    }

    private TemplateInstance page(Outcome outcome, String query, String done) {
        String part = query.toLowerCase(Locale.ROOT);
        List<UserAccount> found = accounts.list().stream().filter(account -> account.username.contains(part)).toList();
        return Templates.users(found, Roles.ALL, accounts.events(), actor(), outcome, query, done);
    }

    /** The roles ticked, as the API's JSON array (empty when none is). */
    private static void putRoles(ObjectNode json, MultivaluedMap<String, String> form) {
        ArrayNode roles = json.putArray("roles");
        form.getOrDefault("roles", List.of()).forEach(roles::add);
    }

    private static String value(MultivaluedMap<String, String> form, String field) {
        String value = form.getFirst(field);
        return value == null ? "" : value.strip();
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }
}
