package io.aigov.console.rest;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;

import io.aigov.api.rest.Identifiers;
import io.aigov.audit.AuditLog;
import io.aigov.decision.rulefile.RuleFile;
import io.aigov.decision.rulefile.RuleProblem;
import io.aigov.decision.ruleset.InvalidRulesetException;
import io.aigov.decision.ruleset.RulesetSource;
import io.aigov.ruleset.RulesetOrigin;
import io.aigov.ruleset.config.RulesConfig;
import io.aigov.ruleset.history.ImpactSummary;
import io.aigov.ruleset.history.RuleChange;
import io.aigov.ruleset.history.RulesetHistory;
import io.aigov.ruleset.history.StoredRulesetVersion;
import io.aigov.ruleset.isolation.service.CheckCapacityException;
import io.aigov.ruleset.service.ActiveRuleset;
import io.aigov.ruleset.service.BusyChecks;
import io.aigov.ruleset.service.NoRulesFolderException;
import io.aigov.ruleset.service.RuleAuthoringService;
import io.aigov.ruleset.service.RuleChangeRefusedException;
import io.aigov.ruleset.service.RuleChanges;
import io.aigov.ruleset.service.RuleLifecycle;
import io.aigov.ruleset.service.Submission;
import io.aigov.ruleset.validation.CandidateReport;
import io.aigov.ruleset.validation.ChangedDecision;
import io.aigov.shared.Roles;
import io.aigov.shared.SentValues;

/**
 * The rule author's pages: the active ruleset and its files, the thresholds editor (a change goes
 * through the same gate and four-eyes control as an upload), pending changes with their checks and
 * impact, the last failed attempt, and versions with their differences.
 */
@Path("/console/rules")
@RolesAllowed({ Roles.RULE_AUTHOR, Roles.BOARD, Roles.COMPLIANCE })
@Produces(MediaType.TEXT_HTML)
@Tag(name = "Console", description = "The web console's pages")
public class RulePages {

    /** How a file diff says that both sides hold the file as it is. */
    static final String UNCHANGED = "UNCHANGED";
    static final String NO_FOLDER = "The service runs on its bundled rules, which cannot be changed: start it with a rules folder.";

    /** A line of a diff, with how it changed: added, removed, a hunk header, or context. */
    public record DiffLine(String kind, String text) {
    }

    /** One file's differences, line by line. */
    public record FileDiff(String name, String change, List<DiffLine> lines) {

        static FileDiff of(RuleAuthoringService.FileDiff diff) {
            List<DiffLine> lines = diff.diff().lines().map(line -> new DiffLine(line.startsWith("+++") || line.startsWith("---") ? "file"
                    : line.startsWith("+") ? "add" : line.startsWith("-") ? "del" : line.startsWith("@@") ? "hunk" : "same", line)).toList();
            return new FileDiff(diff.name(), diff.change(), lines);
        }
    }

    /** A change with its checks' report and its impact on recent decisions (none kept for an older change). */
    public record ChangeView(RuleChange change, CandidateReport report, int replayed, int changed, List<ChangedDecision> changes) {

        static ChangeView of(RuleChange change) {
            ImpactSummary impact = change.impact == null ? ImpactSummary.NONE : change.impact;
            return new ChangeView(change, change.report, impact.replayed(), impact.changed(), impact.changes());
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance rules(ActiveRuleset.Active active, RuleLifecycle.FailedAttempt failure, List<RuleChange> pending,
                List<StoredRulesetVersion> versions, boolean approvalRequired);

        /** @param highlighted the rule the reader came for, or null */
        static native TemplateInstance file(String name, List<String> lines, String version, RuleLocations.Located highlighted);

        /** @param trial the simulator's part: recent evaluations to try the change on, and a simulation once one ran */
        static native TemplateInstance thresholds(List<ThresholdsForm.Group> groups, CandidateReport report, String notice, Trial trial);

        /** @param error what is wrong with the name, or null */
        static native TemplateInstance upload(String name, String content, String error, CandidateReport report, String notice, Trial trial);

        static native TemplateInstance change(ChangeView view, List<FileDiff> diffs, boolean mayDecide, String problem);

        /** @param unchanged the names of the files both versions hold as they are */
        static native TemplateInstance diff(String from, String to, List<FileDiff> files, List<String> unchanged);
    }

    private final ActiveRuleset activeRuleset;
    private final RuleChanges ruleChanges;
    private final RuleLifecycle lifecycle;
    private final RuleAuthoringService authoring;
    private final RulesetHistory history;
    private final SecurityIdentity identity;
    private final BusyChecks busyChecks;
    private final AuditLog auditLog;
    private final RulesConfig rulesConfig;

    public RulePages(ActiveRuleset activeRuleset, RuleChanges ruleChanges, RuleLifecycle lifecycle, RuleAuthoringService authoring,
            RulesetHistory history, SecurityIdentity identity, BusyChecks busyChecks, AuditLog auditLog, RulesConfig rulesConfig) {
        this.auditLog = auditLog;
        this.rulesConfig = rulesConfig;
        this.busyChecks = busyChecks;
        this.activeRuleset = activeRuleset;
        this.ruleChanges = ruleChanges;
        this.lifecycle = lifecycle;
        this.authoring = authoring;
        this.history = history;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "The active ruleset, the last failed attempt, pending changes and versions")
    public TemplateInstance rules() {
        return Templates.rules(activeRuleset.active(), lifecycle.lastFailure().orElse(null),
                ruleChanges.list(RuleChange.Status.PENDING), history.versions(), lifecycle.approvalRequired());
    }

    @GET
    @Path("files/{name}")
    @Operation(summary = "A file of the active ruleset, or of a stored version, read-only, with line numbers; a rule of it highlighted")
    public TemplateInstance file(@PathParam("name") String name, @QueryParam("version") String version, @QueryParam("rule") String rule) {
        String shown = version == null || version.isBlank() ? activeRuleset.active().ruleset().version() : version;
        List<RuleFile> files = shown.equals(activeRuleset.active().ruleset().version()) ? activeRuleset.active().ruleset().files()
                : history.version(shown).map(stored -> stored.files).orElseThrow(() -> new NotFoundException("No stored version " + shown));
        RuleFile file = files.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new NotFoundException("Version " + shown + " has no file " + name));
        RuleLocations.Located highlighted = rule == null ? null : RuleLocations.find(file, rule).orElse(null);
        return Templates.file(file.name(), file.content().lines().toList(), shown, highlighted);
    }

    @GET
    @Path("thresholds")
    @RolesAllowed(Roles.RULE_AUTHOR)
    @Operation(summary = "The thresholds editor: one field per key, with its comment as help")
    public TemplateInstance thresholds() {
        return Templates.thresholds(groups(activeRuleset, ThresholdsForm.fields(activeThresholds())), null, null, trial());
    }

    @POST
    @Path("thresholds")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.RULE_AUTHOR)
    @Operation(summary = "Submits the edited thresholds through the same gate and four-eyes control as an upload")
    @APIResponse(responseCode = "303", description = "Proposed (to the change's page) or activated (to the rules page)")
    @APIResponse(responseCode = "200", description = "Nothing changed; 400, 409 or 422: the form again, saying why")
    @APIResponse(responseCode = "503", description = "Too many rule checks are running: the form again, nothing checked or changed; Retry-After says when to try again")
    public Response changeThresholds(MultivaluedMap<String, String> form) {
        ConsoleForms.requireNoControlCharacters(form);
        String content = activeThresholds();
        Map<String, String> entered = entered(form, content);
        Map<String, String> errors = ThresholdsForm.errors(entered);
        if (!errors.isEmpty()) {
            return page(400, Templates.thresholds(groups(activeRuleset, ThresholdsForm.fields(content, entered, errors)), null, null, trial()));
        }
        Submission upload;
        try {
            upload = lifecycle.upload(new RuleFile(RulesetSource.THRESHOLDS_FILE, ThresholdsForm.withValues(content, entered)),
                    new RulesetOrigin(RulesetOrigin.Source.API, "console thresholds editor", actor()));
        } catch (NoRulesFolderException e) {
            return page(409, Templates.thresholds(groups(activeRuleset, ThresholdsForm.fields(content, entered, Map.of())),
                    null, NO_FOLDER, trial()));
        } catch (CheckCapacityException e) {
            return busy(busyChecks, e, Templates.thresholds(groups(activeRuleset, ThresholdsForm.fields(content, entered, Map.of())), null, busyNotice(e), trial()));
        }
        return switch (upload.outcome()) {
            case PENDING_APPROVAL -> Response.seeOther(URI.create("/console/rules/changes/" + upload.change().id)).build();
            case ACTIVATED -> Response.seeOther(URI.create("/console/rules")).build();
            case UNCHANGED -> page(200, Templates.thresholds(groups(activeRuleset, ThresholdsForm.fields(content, entered, Map.of())), null,
                    "Nothing changed: these are the values that serve.", trial()));
            case REJECTED -> page(422,
                    Templates.thresholds(groups(activeRuleset, ThresholdsForm.fields(content, entered, Map.of())), upload.report(), null, trial()));
        };
    }

    @GET
    @Path("upload")
    @RolesAllowed(Roles.RULE_AUTHOR)
    @Operation(summary = "The form to add a rule file, or replace one (its content filled in): a pack's .drl or .properties, a golden case")
    public TemplateInstance uploadForm(@QueryParam("name") String name) {
        String content = name == null ? "" : activeRuleset.active().ruleset().files().stream().filter(file -> file.name().equals(name))
                .findFirst().map(RuleFile::content).orElse("");
        return Templates.upload(name == null ? "" : name, content, null, null, null, trial());
    }

    @POST
    @Path("upload")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.RULE_AUTHOR)
    @Operation(summary = "Submits the file through the same gate and four-eyes control as an upload through the API")
    @APIResponse(responseCode = "303", description = "Proposed (to the change's page) or activated (to the rules page)")
    @APIResponse(responseCode = "200", description = "Nothing changed; 400, 409 or 422: the form again, saying why")
    @APIResponse(responseCode = "503", description = "Too many rule checks are running: the form again, nothing checked or changed; Retry-After says when to try again")
    public Response upload(MultivaluedMap<String, String> form) {
        ConsoleForms.requireNoControlCharacters(form);
        String name = form.getFirst("name") == null ? "" : form.getFirst("name").strip();
        String content = form.getFirst("content") == null ? "" : form.getFirst("content");
        Submission upload;
        try {
            upload = lifecycle.upload(new RuleFile(name, content), new RulesetOrigin(RulesetOrigin.Source.API, "console file upload", actor()));
        } catch (InvalidRulesetException e) {
            RuleProblem problem = e.problems().get(0);
            return page(400, Templates.upload(name, content, problem.message(), null, null, trial()));
        } catch (NoRulesFolderException e) {
            return page(409, Templates.upload(name, content, null, null, NO_FOLDER, trial()));
        } catch (CheckCapacityException e) {
            return busy(busyChecks, e, Templates.upload(name, content, null, null, busyNotice(e), trial()));
        }
        return switch (upload.outcome()) {
            case PENDING_APPROVAL -> Response.seeOther(URI.create("/console/rules/changes/" + upload.change().id)).build();
            case ACTIVATED -> Response.seeOther(URI.create("/console/rules")).build();
            case UNCHANGED -> page(200, Templates.upload(name, content, null, null, "Nothing changed: this file serves as it is.", trial()));
            case REJECTED -> page(422, Templates.upload(name, content, null, upload.report(), null, trial()));
        };
    }

    @GET
    @Path("changes/{id}")
    @Operation(summary = "A rule change with its checks, its impact on recent decisions and its differences")
    public TemplateInstance change(@PathParam("id") String id) {
        return changePage(findChange(id), null);
    }

    @POST
    @Path("changes/{id}/approve")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({ Roles.RULE_AUTHOR, Roles.BOARD })
    @Operation(summary = "Approves a pending change (never its author's own): it activates")
    @APIResponse(responseCode = "303", description = "Decided: to the change's page; 403, 404 or 409: the change's page, saying why")
    @APIResponse(responseCode = "503", description = "Too many rule checks are running: the change's page, still pending; Retry-After says when to try again")
    public Response approve(@PathParam("id") String id, MultivaluedMap<String, String> form) {
        return decide(id, form, lifecycle::approve);
    }

    @POST
    @Path("changes/{id}/reject")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({ Roles.RULE_AUTHOR, Roles.BOARD })
    @Operation(summary = "Rejects a pending change")
    public Response reject(@PathParam("id") String id, MultivaluedMap<String, String> form) {
        return decide(id, form, lifecycle::reject);
    }

    /** What approving or rejecting a change has in common: the form's note, and the change page again on a refusal. */
    private Response decide(String id, MultivaluedMap<String, String> form, ChangeDecision decision) {
        ConsoleForms.requireNoControlCharacters(form);
        RuleChange change = findChange(id);
        try {
            decision.decide(change.id, actor(), SentValues.blankToNull(form.getFirst("note")));
        } catch (RuleChangeRefusedException refused) {
            return page(status(refused.reason()), changePage(findChange(id), refused.getMessage()));
        } catch (CheckCapacityException e) {
            return busy(busyChecks, e, changePage(findChange(id), busyNotice(e) + " The change is still pending."));
        }
        return Response.seeOther(URI.create("/console/rules/changes/" + change.id)).build();
    }

    @FunctionalInterface
    private interface ChangeDecision {
        void decide(UUID changeId, String actor, String note);
    }

    @GET
    @Path("diff")
    @Operation(summary = "The differences between two stored versions, file by file")
    public TemplateInstance diff(@QueryParam("from") String from, @QueryParam("to") String to) {
        List<RuleAuthoringService.FileDiff> diffs = authoring.diff(String.valueOf(from), String.valueOf(to))
                .orElseThrow(() -> new NotFoundException("No stored version " + from + " or " + to));
        return Templates.diff(from, to, diffs.stream().filter(diff -> !diff.change().equals(UNCHANGED)).map(FileDiff::of).toList(),
                diffs.stream().filter(diff -> diff.change().equals(UNCHANGED)).map(RuleAuthoringService.FileDiff::name).toList());
    }

    private TemplateInstance changePage(RuleChange change, String problem) {
        List<RuleFile> base = history.version(change.baseVersion).map(version -> version.files).orElse(List.of());
        List<RuleFile> candidate = change.files.stream().filter(file -> RulesetSource.isRulesetFile(file.name())).toList();
        List<FileDiff> diffs = RuleAuthoringService.diff(base, candidate).stream().filter(diff -> !diff.change().equals(UNCHANGED))
                .map(FileDiff::of).toList();
        boolean mayDecide = change.status == RuleChange.Status.PENDING && !actor().equals(change.proposedBy)
                && (identity.hasRole(Roles.RULE_AUTHOR) || identity.hasRole(Roles.BOARD));
        return Templates.change(ChangeView.of(change), diffs, mayDecide, problem);
    }

    private RuleChange findChange(String id) {
        return Identifiers.parse(id).flatMap(ruleChanges::find).orElseThrow(() -> new NotFoundException("No rule change " + id));
    }

    /** The values the thresholds form holds, each key's serving value where the form left it out. */
    static Map<String, String> entered(MultivaluedMap<String, String> form, String content) {
        Map<String, String> entered = new LinkedHashMap<>();
        for (ThresholdsForm.Field field : ThresholdsForm.fields(content)) {
            String value = form.getFirst("value." + field.key());
            entered.put(field.key(), value == null ? field.value() : value.strip());
        }
        return entered;
    }

    /** The simulator's part of the form before a simulation: the recent evaluations to try a change on. */
    private Trial trial() {
        return Trial.of(Trial.recentEvaluations(auditLog, rulesConfig));
    }

    private String activeThresholds() {
        return thresholdsOf(activeRuleset);
    }

    /** The editor's fields under the files whose rules read them. */
    static List<ThresholdsForm.Group> groups(ActiveRuleset activeRuleset, List<ThresholdsForm.Field> fields) {
        return ThresholdsForm.grouped(fields, activeRuleset.active().ruleset().files());
    }

    /** The thresholds file of the rules that serve, as the editor starts from it. */
    static String thresholdsOf(ActiveRuleset activeRuleset) {
        return activeRuleset.active().ruleset().files().stream().filter(f -> f.name().equals(RulesetSource.THRESHOLDS_FILE))
                .findFirst().map(RuleFile::content).orElseThrow();
    }

    static Response page(int status, TemplateInstance page) {
        return Response.status(status).type(MediaType.TEXT_HTML).entity(page).build();
    }

    /** A form whose check was refused for want of check processes: the page again, 503, with when to try again. */
    static Response busy(BusyChecks busyChecks, CheckCapacityException e, TemplateInstance page) {
        busyChecks.refused();
        return Response.status(Response.Status.SERVICE_UNAVAILABLE).type(MediaType.TEXT_HTML).header("Retry-After", e.retryAfterSeconds())
                .entity(page).build();
    }

    static String busyNotice(CheckCapacityException e) {
        return e.tryAgainLater() + ". " + e.getMessage() + "; nothing was checked or changed.";
    }

    /** The page's status for a refused decision on a change, as the API answers it. */
    private static int status(RuleChangeRefusedException.Reason reason) {
        return switch (reason) {
            case NOT_FOUND -> 404;
            case NOT_ALLOWED -> 403;
            case CONFLICT -> 409;
        };
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }
}
