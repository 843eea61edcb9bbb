package io.aigov.console.rest;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;

import io.aigov.api.rest.Identifiers;
import io.aigov.api.rest.StrictJsonBinder;
import io.aigov.audit.AuditLog;
import io.aigov.decision.model.UseCase;
import io.aigov.decision.rulefile.RuleFile;
import io.aigov.decision.ruleset.InvalidRulesetException;
import io.aigov.decision.ruleset.RulesetSource;
import io.aigov.ruleset.config.RulesConfig;
import io.aigov.ruleset.isolation.service.CheckCapacityException;
import io.aigov.ruleset.service.ActiveRuleset;
import io.aigov.ruleset.service.BusyChecks;
import io.aigov.ruleset.service.NoRulesFolderException;
import io.aigov.ruleset.service.RuleAuthoringService;
import io.aigov.ruleset.service.RuleSimulator;
import io.aigov.shared.Roles;

/**
 * The rule author's simulator on the thresholds editor and on the form that adds or replaces a file:
 * before proposing, a use case (picked from the recent evaluations, or typed in as the API takes it)
 * decided by the serving rules and by the changed rules side by side. Nothing is proposed or recorded.
 */
@Path("/console/rules/simulate")
@RolesAllowed(Roles.RULE_AUTHOR)
@Produces(MediaType.TEXT_HTML)
@Tag(name = "Console", description = "The web console's pages")
public class SimulatorPages {

    private static final JsonMapper JSON = new JsonMapper();
    /** A typed use case is a request body: as long as the API takes one, no longer. */
    private static final int MAX_TYPED = 64 * 1024;

    private final RuleSimulator simulator;
    private final ActiveRuleset activeRuleset;
    private final AuditLog auditLog;
    private final StrictJsonBinder binder;
    private final SecurityIdentity identity;
    private final BusyChecks busyChecks;
    private final RulesConfig rulesConfig;

    public SimulatorPages(RuleSimulator simulator, ActiveRuleset activeRuleset, AuditLog auditLog, StrictJsonBinder binder,
            SecurityIdentity identity, BusyChecks busyChecks, RulesConfig rulesConfig) {
        this.rulesConfig = rulesConfig;
        this.simulator = simulator;
        this.activeRuleset = activeRuleset;
        this.auditLog = auditLog;
        this.binder = binder;
        this.identity = identity;
        this.busyChecks = busyChecks;
    }

    @POST
    @Path("thresholds")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Decides one use case by the serving rules and by the edited thresholds, side by side; nothing is proposed")
    @APIResponse(responseCode = "200", description = "The editor again, with the two decisions; 400: the editor, saying what is wrong")
    @APIResponse(responseCode = "503", description = "Too many rule checks are running: the editor again, nothing checked; Retry-After says when to try again")
    public Response thresholds(MultivaluedMap<String, String> form) throws IOException {
        ConsoleForms.requireNoControlCharacters(form);
        String content = RulePages.thresholdsOf(activeRuleset);
        Map<String, String> entered = RulePages.entered(form, content);
        Map<String, String> errors = ThresholdsForm.errors(entered);
        if (!errors.isEmpty()) {
            return RulePages.page(400, RulePages.Templates.thresholds(RulePages.groups(activeRuleset, ThresholdsForm.fields(content, entered, errors)),
                    null, null, trial(form)));
        }
        List<ThresholdsForm.Group> groups = RulePages.groups(activeRuleset, ThresholdsForm.fields(content, entered, Map.of()));
        return simulate(form, new RuleFile(RulesetSource.THRESHOLDS_FILE, ThresholdsForm.withValues(content, entered)),
                (notice, trial) -> RulePages.Templates.thresholds(groups, null, notice, trial));
    }

    @POST
    @Path("upload")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Decides one use case by the serving rules and by them with the file added or replaced, side by side; nothing is proposed")
    @APIResponse(responseCode = "200", description = "The form again, with the two decisions; 400: the form, saying what is wrong")
    @APIResponse(responseCode = "503", description = "Too many rule checks are running: the form again, nothing checked; Retry-After says when to try again")
    public Response upload(MultivaluedMap<String, String> form) throws IOException {
        ConsoleForms.requireNoControlCharacters(form);
        String name = blankIfNull(form.getFirst("name"));
        String content = form.getFirst("content") == null ? "" : form.getFirst("content");
        try {
            return simulate(form, new RuleFile(name, content), (notice, trial) -> RulePages.Templates.upload(name, content, null, null, notice,
                    trial));
        } catch (InvalidRulesetException e) {
            return RulePages.page(400, RulePages.Templates.upload(name, content, e.problems().get(0).message(), null, null, trial(form)));
        }
    }

    /**
     * Simulates the change on the use case the form picked or typed in, and shows the form again with what was found.
     *
     * @param page the form's page with a notice (no rules folder, checks busy), or null, and the simulator's part
     */
    private Response simulate(MultivaluedMap<String, String> form, RuleFile changed, BiFunction<String, Trial, TemplateInstance> page)
            throws IOException {
        Trial trial = trial(form);
        UseCase useCase;
        try {
            useCase = trial.typed().isBlank() ? picked(trial) : typed(trial.typed());
        } catch (IllegalArgumentException refused) {
            return RulePages.page(400, page.apply(null, trial.refused(refused.getMessage())));
        }
        RuleFile serving = activeRuleset.active().ruleset().files().stream().filter(file -> file.name().equals(changed.name())).findFirst()
                .orElse(null);
        try {
            RuleSimulator.Simulation simulation = simulator.simulate(changed, useCase, identity.getPrincipal().getName());
            List<RulePages.FileDiff> diffs = RuleAuthoringService.diff(serving == null ? List.of() : List.of(serving), List.of(changed)).stream()
                    .filter(diff -> !diff.change().equals(RulePages.UNCHANGED)).map(RulePages.FileDiff::of).toList();
            return RulePages.page(200, page.apply(null, new Trial(trial.recent(), trial.chosen(), trial.typed(), null,
                    Trial.Result.of(useCase.name(), simulation, AuditPages.regimeTitles(activeRuleset.current().declarations()), diffs))));
        } catch (NoRulesFolderException e) {
            return RulePages.page(409, page.apply(RulePages.NO_FOLDER, trial));
        } catch (CheckCapacityException e) {
            return RulePages.busy(busyChecks, e, page.apply(RulePages.busyNotice(e), trial));
        }
    }

    /** The simulator's part of the form as it was sent: the recent evaluations, and the use case picked or typed in. */
    private Trial trial(MultivaluedMap<String, String> form) {
        return new Trial(Trial.recentEvaluations(auditLog, rulesConfig), blankIfNull(form.getFirst("simulate.evaluation")),
                blankIfNull(form.getFirst("simulate.useCase")), null, null);
    }

    /** The use case of the recent evaluation the form picked, by its id. */
    private UseCase picked(Trial trial) {
        String id = trial.chosen();
        if (!trial.offersRecorded()) {
            throw new IllegalArgumentException("Recorded evaluations are not offered to try a change on here: type a use case in.");
        }
        if (id.isBlank()) {
            throw new IllegalArgumentException("Choose a recent evaluation or type a use case in to simulate the change on.");
        }
        return Identifiers.parse(id).flatMap(auditLog::findEvaluation).map(record -> record.input)
                .orElseThrow(() -> new IllegalArgumentException("No evaluation " + id + " to simulate the change on."));
    }

    /** A use case typed in as JSON, bound and validated as the API binds a request body. */
    private UseCase typed(String json) throws IOException {
        if (json.length() > MAX_TYPED) {
            throw new IllegalArgumentException("The use case typed in is longer than a request may be (" + MAX_TYPED + " characters).");
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The use case typed in is not JSON: " + e.getOriginalMessage());
        }
        if (!(tree instanceof ObjectNode body)) {
            throw new IllegalArgumentException("The use case typed in must be a JSON object, as POST /api/evaluations takes it.");
        }
        StrictJsonBinder.Binding<UseCase> binding = binder.bind(body, UseCase.class);
        if (!binding.violations().isEmpty()) {
            throw new IllegalArgumentException("The use case typed in is not valid: " + String.join("; ", binding.violations().stream()
                    .map(violation -> violation.field() + " " + violation.message()).toList()));
        }
        return binding.value();
    }

    private static String blankIfNull(String value) {
        return value == null ? "" : value.strip();
    }
}
