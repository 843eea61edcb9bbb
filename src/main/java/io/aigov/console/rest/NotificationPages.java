package io.aigov.console.rest;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;

import io.aigov.api.rest.StrictJsonBinder;
import io.aigov.notification.Notification;
import io.aigov.notification.NotificationSetting;
import io.aigov.notification.service.NotificationSettings;
import io.aigov.shared.Roles;

/**
 * Everyone's notifications page: one's address and the notices one takes, the notices sent to it,
 * and for administrators every delivery with its attempts and last error.
 */
@Path("/console/notifications")
@Authenticated
@Produces(MediaType.TEXT_HTML)
@Tag(name = "Console", description = "The web console's pages")
public class NotificationPages {

    private static final JsonMapper JSON = new JsonMapper();
    /** Notices listed on the page. */
    private static final int LISTED = 50;

    /** The form as sent, validated as the API validates its body. */
    public record SettingsForm(@Email(message = "must be an e-mail address") @Size(max = 254, message = "must be at most 254 characters") String email) {
    }

    /** @param saved whether the page follows a save; errors by field otherwise */
    public record Page(NotificationSetting settings, List<Notification> received, List<Notification> deliveries, boolean admin,
            boolean saved, Map<String, String> errors) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance notifications(Page page);
    }

    private final NotificationSettings settings;
    private final StrictJsonBinder binder;
    private final SecurityIdentity identity;

    public NotificationPages(NotificationSettings settings, StrictJsonBinder binder, SecurityIdentity identity) {
        this.settings = settings;
        this.binder = binder;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "One's address and choice of notices, the notices sent to it, and for administrators every delivery")
    public TemplateInstance page(@QueryParam("saved") String saved) {
        return page(settings.of(actor()), "true".equals(saved), Map.of());
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Saves one's address and choice of notices, with the API's validation")
    public Response save(MultivaluedMap<String, String> form) throws IOException {
        ConsoleForms.requireNoControlCharacters(form);
        String email = form.getFirst("email") == null ? "" : form.getFirst("email").strip();
        NotificationSetting entered = new NotificationSetting();
        entered.username = actor();
        entered.email = email.isEmpty() ? null : email;
        entered.reassessments = ticked(form, "reassessments");
        entered.decisions = ticked(form, "decisions");
        entered.prohibited = ticked(form, "prohibited");
        entered.upcoming = ticked(form, "upcoming");
        entered.controls = ticked(form, "controls");
        entered.digest = ticked(form, "digest");
        ObjectNode json = JSON.createObjectNode();
        json.put("email", entered.email);
        StrictJsonBinder.Binding<SettingsForm> binding = binder.bind(json, SettingsForm.class);
        if (!binding.violations().isEmpty()) {
            return Response.status(400).type(MediaType.TEXT_HTML).entity(page(entered, false, ConsoleForms.errors(binding.violations())))
                    .build();
        }
        settings.save(actor(), entered.email, entered.reassessments, entered.decisions, entered.prohibited, entered.upcoming,
                entered.controls, entered.digest);
        return Response.seeOther(URI.create("/console/notifications?saved=true")).build();
    }

    private TemplateInstance page(NotificationSetting shown, boolean saved, Map<String, String> errors) {
        boolean admin = identity.hasRole(Roles.ADMIN);
        NotificationSetting stored = settings.of(actor());
        return Templates.notifications(new Page(shown, stored.email == null ? List.of() : settings.sentTo(stored.email, LISTED),
                admin ? settings.deliveries(false, LISTED) : List.of(), admin, saved, errors));
    }

    private static boolean ticked(MultivaluedMap<String, String> form, String checkbox) {
        return "true".equals(form.getFirst(checkbox));
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }
}
