package io.aigov.notification.rest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;

import io.aigov.api.rest.QueryParameters;
import io.aigov.notification.Notification;
import io.aigov.notification.NotificationSetting;
import io.aigov.notification.service.NotificationSettings;
import io.aigov.shared.Roles;

/** Each user's address and choice of notices, and for administrators the state of every delivery. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Notifications", description = "Who is told of reassessments, decisions, prohibited outcomes and controls, and whether it arrived")
public class NotificationResource {

    private static final String PROBLEM = "application/problem+json";

    @Schema(name = "NotificationSettings")
    public record Settings(
            @Email(message = "must be an e-mail address") @Size(max = 254) @Schema(description = "No address, no e-mail") String email,
            @NotNull(message = "is required") @Schema(description = "A use case in use decided differently by new rules (owner; board)") Boolean reassessments,
            @NotNull(message = "is required") @Schema(description = "The board's decisions on one's own use cases") Boolean decisions,
            @NotNull(message = "is required") @Schema(description = "A use case evaluated PROHIBITED (owner; compliance)") Boolean prohibited,
            @Schema(description = "A use case in use that a date of the rules within the horizon will decide differently (owner; board); left as it was when not sent") Boolean upcoming,
            @Schema(description = "A control due soon or overdue (its owner; compliance), or attested and waiting for review (compliance); left as it was when not sent") Boolean controls,
            @Schema(description = "true: every e-mail notice of a day in one e-mail the next morning (aigov.notifications.digest-at) instead of one e-mail each; left as it was when not sent") Boolean digest) {
    }

    public record Delivery(UUID id, Notification.Notice notice, Notification.Channel channel, String recipient, UUID useCaseId,
            String subject, Instant createdAt, int attempts, Instant nextAttemptAt, Instant deliveredAt, String lastError,
            @Schema(description = "Sent in the recipient's daily digest, at nextAttemptAt") boolean digest) {
    }

    private final NotificationSettings settings;
    private final SecurityIdentity identity;

    public NotificationResource(NotificationSettings settings, SecurityIdentity identity) {
        this.settings = settings;
        this.identity = identity;
    }

    @GET
    @Path("/me/notifications")
    @Authenticated
    @Operation(summary = "One's own address for notices and which notices one takes")
    public Settings mine() {
        return view(settings.of(identity.getPrincipal().getName()));
    }

    @PUT
    @Path("/me/notifications")
    @Consumes(MediaType.APPLICATION_JSON)
    @Authenticated
    @Operation(summary = "Set one's own address for notices and which notices one takes")
    @APIResponse(responseCode = "200", description = "Saved")
    @APIResponse(responseCode = "400", description = "Invalid body; every offending field is named", content = @Content(mediaType = PROBLEM))
    public Settings setMine(Settings body) {
        return view(settings.save(identity.getPrincipal().getName(), body.email() == null || body.email().isBlank() ? null : body.email().strip(),
                body.reassessments(), body.decisions(), body.prohibited(), body.upcoming(), body.controls(), body.digest()));
    }

    @GET
    @Path("/notifications")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Deliveries of notices, the newest first, with their attempts and the last error")
    @APIResponse(responseCode = "400", description = "A parameter is invalid; it is named", content = @Content(mediaType = PROBLEM))
    public List<Delivery> deliveries(
            @QueryParam("pending") @DefaultValue("false") @Parameter(description = "true: only those not delivered yet") String pending,
            @QueryParam("size") @DefaultValue("50") @Parameter(description = "1 to 500") String size) {
        boolean onlyPending = QueryParameters.flag("pending", pending);
        return settings.deliveries(onlyPending, QueryParameters.intInRange("size", size, 1, 500)).stream().map(NotificationResource::view).toList();
    }

    private static Settings view(NotificationSetting setting) {
        return new Settings(setting.email, setting.reassessments, setting.decisions, setting.prohibited, setting.upcoming, setting.controls, setting.digest);
    }

    private static Delivery view(Notification n) {
        return new Delivery(n.id, n.notice, n.channel, n.recipient, n.useCaseId, n.subject, n.createdAt, n.attempts, n.nextAttemptAt,
                n.deliveredAt, n.lastError, n.digest);
    }
}
