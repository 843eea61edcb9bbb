package io.aigov.console.rest;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;

import io.aigov.api.rest.Identifiers;
import io.aigov.api.rest.QueryParameters;
import io.aigov.api.rest.StrictJsonBinder;
import io.aigov.api.rest.Violation;
import io.aigov.audit.AuditPage;
import io.aigov.audit.AuditRecord;
import io.aigov.decision.model.Declarations;
import io.aigov.decision.model.FiredRule;
import io.aigov.decision.model.UseCase;
import io.aigov.evaluation.service.EvaluationService;
import io.aigov.evaluation.service.InvalidUseCaseException;
import io.aigov.ruleset.service.ActiveRuleset;
import io.aigov.shared.Roles;

/** A submitter's evaluations in the console: the form with every request field, and the result with everything that decided it. */
@Path("/console/evaluations")
@Produces(MediaType.TEXT_HTML)
@Tag(name = "Console", description = "The web console's pages")
public class EvaluationPages {

    private static final int MINE_PAGE_SIZE = 20;

    /** The fired rules of one rule file, in the order they fired. */
    public record RuleGroup(String file, List<FiredRule> rules) {
    }

    /** An evaluation's fired rules by their file, the files in the order their first rule fired. */
    static List<RuleGroup> ruleGroups(AuditRecord evaluation) {
        Map<String, List<FiredRule>> byFile = new LinkedHashMap<>();
        for (FiredRule rule : evaluation.outcome.firedRules()) {
            byFile.computeIfAbsent(rule.file(), file -> new ArrayList<>()).add(rule);
        }
        return byFile.entrySet().stream().map(entry -> new RuleGroup(entry.getKey(), entry.getValue())).toList();
    }

    @CheckedTemplate
    static class Templates {
        /** @param subjects the fields whose change may ask other questions */
        static native TemplateInstance form(List<UseCaseForm.FieldView> fields, List<UseCaseForm.QuestionGroup> groups,
                Set<String> subjects, int errorCount);

        static native TemplateInstance form$questions(List<UseCaseForm.QuestionGroup> groups);

        /** @param regimes the declared regimes' titles by code */
        static native TemplateInstance mine(AuditPage found, boolean hasPrevious, boolean hasNext, Map<String, String> regimes);

        /**
         * @param completion the record completing the evaluation's counterfactuals, or null
         * @param whyNot     the counterfactuals the page shows (the completion's when there is one), in people's words
         */
        static native TemplateInstance result(AuditRecord evaluation, AuditRecord completion, List<RuleGroup> ruleGroups, boolean mayPropose,
                boolean nameMasked, List<UseCaseForm.AnswerLine> answers, UseCaseForm.WhyNot whyNot, Map<String, String> regimes);
    }

    private final EvaluationService evaluations;
    private final ActiveRuleset activeRuleset;
    private final StrictJsonBinder binder;
    private final SecurityIdentity identity;

    public EvaluationPages(EvaluationService evaluations, ActiveRuleset activeRuleset, StrictJsonBinder binder, SecurityIdentity identity) {
        this.evaluations = evaluations;
        this.activeRuleset = activeRuleset;
        this.binder = binder;
        this.identity = identity;
    }

    @GET
    @RolesAllowed(Roles.SUBMITTER)
    @Operation(summary = "The evaluations the signed-in user asked for, newest first, a page at a time")
    public TemplateInstance mine(@QueryParam("page") @DefaultValue("0") String page) {
        int number = QueryParameters.intInRange("page", page, 0, Integer.MAX_VALUE);
        AuditPage found = evaluations.requestedBy(identity.getPrincipal().getName(), number, MINE_PAGE_SIZE);
        boolean hasNext = found.records().size() == MINE_PAGE_SIZE && ((long) (number + 1) * MINE_PAGE_SIZE < found.total() || !found.totalExact());
        return Templates.mine(found, number > 0, hasNext, AuditPages.regimeTitles(declarations()));
    }

    @GET
    @Path("new")
    @RolesAllowed(Roles.SUBMITTER)
    @Operation(summary = "The form for a new evaluation")
    public TemplateInstance newForm() {
        Declarations declarations = declarations();
        return Templates.form(UseCaseForm.empty(declarations), UseCaseForm.questions(new MultivaluedHashMap<>(), Map.of(), declarations),
                UseCaseForm.subjects(declarations), 0);
    }

    @POST
    @Path("questions")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.SUBMITTER)
    @Operation(summary = "The packs' questions asked about what the form holds so far: the form asks again as conditions change")
    public TemplateInstance questions(MultivaluedMap<String, String> form) {
        return Templates.form$questions(UseCaseForm.questions(form, Map.of(), declarations()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.SUBMITTER)
    @Operation(summary = "Evaluates the use case of the form, with the API's validation; errors are shown beside their fields")
    public Response evaluate(MultivaluedMap<String, String> form) throws IOException {
        Declarations declarations = declarations();
        StrictJsonBinder.Binding<UseCase> binding = binder.bind(UseCaseForm.toJson(form, declarations), UseCase.class);
        Map<String, String> errors = new LinkedHashMap<>();
        binding.violations().forEach(violation -> errors.merge(field(violation.field()), violation.message(), (a, b) -> a + "; " + b));
        if (errors.isEmpty()) {
            try {
                AuditRecord record = evaluations.evaluate(binding.value(), identity.getPrincipal().getName());
                return Response.seeOther(URI.create("/console/evaluations/" + record.id)).build();
            } catch (InvalidUseCaseException refused) {
                refused.invalidFields().forEach((path, message) -> errors.merge(field(path), message, (a, b) -> a + "; " + b));
            }
        }
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.TEXT_HTML)
                .entity(Templates.form(UseCaseForm.filledIn(form, errors, declarations), UseCaseForm.questions(form, errors, declarations),
                        UseCaseForm.subjects(declarations), errors.size())).build();
    }

    /** The form's field a problem's path names: an element of a list is the list's field. */
    private static String field(String path) {
        int index = path.indexOf('[');
        return index < 0 ? path : path.substring(0, index);
    }

    private Declarations declarations() {
        return activeRuleset.current().declarations();
    }

    @GET
    @Path("{id}")
    @RolesAllowed({ Roles.SUBMITTER, Roles.BOARD, Roles.COMPLIANCE })
    @Operation(summary = "An evaluation: approach, verdict, exposures with their obligations, the fired rules by file, warnings")
    public TemplateInstance result(@PathParam("id") String id) {
        AuditRecord record = Identifiers.parse(id).flatMap(evaluations::find).orElseThrow(() -> new NotFoundException("No evaluation " + id));
        List<RuleGroup> groups = ruleGroups(record);
        AuditRecord completion = evaluations.completionOf(record).orElse(null);
        Declarations declarations = declarations();
        return Templates.result(record, completion, groups, identity.hasRole(Roles.SUBMITTER), record.maskedFields.contains("name"),
                UseCaseForm.answered(record.input, declarations),
                UseCaseForm.whyNot((completion != null ? completion : record).counterfactuals, declarations), AuditPages.regimeTitles(declarations));
    }
}
