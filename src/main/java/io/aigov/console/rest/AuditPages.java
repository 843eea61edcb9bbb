package io.aigov.console.rest;

import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

import io.aigov.api.rest.Identifiers;
import io.aigov.api.rest.QueryParameters;
import io.aigov.audit.AuditChain;
import io.aigov.audit.AuditChainVerifier;
import io.aigov.audit.AuditFilters;
import io.aigov.audit.AuditKind;
import io.aigov.audit.AuditLog;
import io.aigov.audit.AuditOrder;
import io.aigov.audit.AuditPage;
import io.aigov.audit.AuditRecord;
import io.aigov.audit.AuditStatistics;
import io.aigov.audit.RegimeCodes;
import io.aigov.decision.model.Approach;
import io.aigov.decision.model.Declarations;
import io.aigov.decision.model.ExposureLevel;
import io.aigov.decision.model.Verdict;
import io.aigov.decision.ruleset.Ruleset;
import io.aigov.proposal.Proposal;
import io.aigov.proposal.service.ProposalService;
import io.aigov.ruleset.service.ActiveRuleset;
import io.aigov.shared.Roles;

/** The compliance officer's pages: audit search and export, a record in full, the chain's head and its verification, the dashboard. */
@Path("/console")
@RolesAllowed(Roles.COMPLIANCE)
@Produces(MediaType.TEXT_HTML)
@Tag(name = "Console", description = "The web console's pages")
public class AuditPages {

    /** The page sizes the search offers, the first the default. */
    private static final List<Integer> PAGE_SIZES = List.of(20, 50, 100);
    private static final int DASHBOARD_DAYS = 30;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The choices of the search form's lists. */
    public record Choices(List<String> kinds, List<String> approaches, List<String> verdicts, List<String> regimes, List<String> levels,
            Collection<String> rules, List<Integer> sizes) {

        /**
         * The regimes and rules are those of the active rules; a record of another regime or rule can still be searched for by
         * its code or name.
         */
        static Choices of(Ruleset active) {
            return new Choices(names(AuditKind.values()), names(Approach.values()), names(Verdict.values()),
                    active.declarations().regimes().stream().map(Declarations.DeclaredRegime::code).toList(), names(ExposureLevel.values()),
                    active.ruleNames(), PAGE_SIZES);
        }

        private static List<String> names(Enum<?>[] constants) {
            return Arrays.stream(constants).map(Enum::name).toList();
        }
    }

    /** A page of results, and the links to the pages around it. */
    /** @param pager the filters and the page size, for the links to the pages around it */
    public record Results(AuditPage page, String filters, String pager, boolean hasPrevious, boolean hasNext) {
    }

    @CheckedTemplate
    static class Templates {
        /** @param regimes the declared regimes' titles by code */
        static native TemplateInstance search(Map<String, String> filters, Choices choices, Results results, AuditChain.Head head,
                Map<String, String> regimes, AuditOrder order);

        /**
         * @param completion the record completing an evaluation's counterfactuals, or null
         * @param inputs     every field of the use case, with its label
         * @param answers    the record's answers to the packs' questions, with their labels
         * @param proposal   the proposal the record is about (the one an evaluation was made for), or null
         * @param regimes    the declared regimes' titles by code
         * @param whyNot     the record's counterfactuals in people's words, or null
         */
        static native TemplateInstance record(AuditRecord record, AuditRecord completion, List<UseCaseForm.InputLine> inputs,
                List<UseCaseForm.AnswerLine> answers, Proposal proposal, Map<String, String> regimes, UseCaseForm.WhyNot whyNot);

        static native TemplateInstance verification(AuditChainVerifier.Result result);

        /**
         * The charts' data as JSON, and the same figures as tables: each chart's totals over the period.
         *
         * @param since the first day of the period, for the links to the records behind a figure
         */
        static native TemplateInstance dashboard(int days, String verdicts, String approaches, String rules, String exposures,
                LocalDate since, Totals totals, Map<String, String> regimes);
    }

    private final AuditLog auditLog;
    private final AuditChainVerifier verifier;
    private final AuditStatistics statistics;
    private final ActiveRuleset activeRuleset;

    private final RegimeCodes regimes;
    private final ProposalService proposals;

    public AuditPages(AuditLog auditLog, AuditChainVerifier verifier, AuditStatistics statistics, ActiveRuleset activeRuleset,
            RegimeCodes regimes, ProposalService proposals) {
        this.proposals = proposals;
        this.activeRuleset = activeRuleset;
        this.regimes = regimes;
        this.auditLog = auditLog;
        this.verifier = verifier;
        this.statistics = statistics;
    }

    @GET
    @Path("audit")
    @Operation(summary = "Audit search with every filter of the API, paged, with export links carrying the filters")
    public TemplateInstance search(@Context UriInfo uri, @QueryParam("page") @DefaultValue("0") String page,
            @QueryParam("size") @DefaultValue("20") String size, @QueryParam("order") String order) {
        AuditOrder asked = QueryParameters.choice("order", order, AuditOrder.class);
        AuditOrder listed = asked == null ? AuditOrder.NEWEST_FIRST : asked;
        AuditFilters filters = AuditFilters.of(uri.getQueryParameters()::getFirst);
        int number = QueryParameters.intInRange("page", page, 0, Integer.MAX_VALUE);
        int pageSize = QueryParameters.intInRange("size", size, PAGE_SIZES.get(0), PAGE_SIZES.get(PAGE_SIZES.size() - 1));
        AuditPage found = auditLog.search(filters.toQuery(regimes), listed, number, pageSize);
        boolean hasNext = (long) (number + 1) * pageSize < found.total() || !found.totalExact();
        Ruleset active = activeRuleset.current();
        String pager = filters.queryString() + (filters.queryString().isEmpty() ? "" : "&") + "size=" + pageSize + "&order=" + listed;
        return Templates.search(filters.given(), Choices.of(active), new Results(found, filters.queryString(), pager, number > 0,
                hasNext && found.records().size() == pageSize),
                auditLog.head().orElse(new AuditChain.Head(0, AuditChain.GENESIS)), regimeTitles(active.declarations()), listed);
    }

    @GET
    @Path("audit/verify")
    @Operation(summary = "Verifies the whole audit chain now and says the result in words")
    public TemplateInstance verify() throws IOException {
        return Templates.verification(verifier.verify(1, null, null));
    }

    @GET
    @Path("audit/{id}")
    @Operation(summary = "One audit record in full")
    public TemplateInstance record(@PathParam("id") String id) {
        AuditRecord record = Identifiers.parse(id).flatMap(auditLog::find).orElseThrow(() -> new NotFoundException("No audit record " + id));
        Declarations declarations = activeRuleset.current().declarations();
        Proposal proposal = (record.decision != null ? proposals.find(record.decision.proposalId())
                : record.kind == AuditKind.EVALUATION ? proposals.ofEvaluation(record.id) : Optional.<Proposal>empty()).orElse(null);
        return Templates.record(record, auditLog.completionOf(record).orElse(null), UseCaseForm.described(record.input, declarations),
                UseCaseForm.answered(record.input, declarations), proposal, regimeTitles(declarations),
                UseCaseForm.whyNot(record.counterfactuals, declarations));
    }

    @GET
    @Path("dashboard")
    @Operation(summary = "Evaluations over time by verdict and by approach, the rules that fire most, exposures by regime and level")
    public TemplateInstance dashboard() throws JsonProcessingException {
        LocalDate since = LocalDate.now(ZoneOffset.UTC).minusDays(DASHBOARD_DAYS - 1L);
        List<AuditStatistics.Daily> verdicts = statistics.verdictsByDay(since);
        List<AuditStatistics.Daily> approaches = statistics.approachesByDay(since);
        List<AuditStatistics.Count> rules = statistics.mostFiredRules(since, 10);
        List<AuditStatistics.Count> exposures = statistics.exposures(since);
        Map<String, String> regimes = regimeTitles(activeRuleset.current().declarations());
        return Templates.dashboard(DASHBOARD_DAYS, JSON.writeValueAsString(series(verdicts, since)), JSON.writeValueAsString(series(approaches, since)),
                JSON.writeValueAsString(rules), JSON.writeValueAsString(exposures.stream().map(count -> Map.of("name", regimes.getOrDefault(count.name(), count.name()),
                        "code", count.name(), "detail", count.detail(), "count", count.count())).toList()),
                since, new Totals(totals(verdicts), totals(approaches), rules, exposures), regimes);
    }

    /** The titles the rules declare for their regimes, by code: pages name a regime by its title. */
    static Map<String, String> regimeTitles(Declarations declarations) {
        Map<String, String> titles = new LinkedHashMap<>();
        declarations.regimes().forEach(regime -> titles.put(regime.code(), regime.title()));
        return titles;
    }

    /**
     * The dashboard's figures over its whole period, for the sentence and the table under each chart.
     *
     * @param verdicts   evaluations by verdict, in the verdicts' order
     * @param approaches evaluations by approach, in the approaches' order
     */
    public record Totals(Map<String, Long> verdicts, Map<String, Long> approaches, List<AuditStatistics.Count> rules,
            List<AuditStatistics.Count> exposures) {

        public long getEvaluations() {
            return verdicts.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static Map<String, Long> totals(List<AuditStatistics.Daily> daily) {
        Map<String, Long> totals = new TreeMap<>();
        daily.forEach(count -> totals.merge(count.value(), count.count(), Long::sum));
        return totals;
    }

    /** Counts per day and value, every day of the period present (with 0), as the chart's data. */
    private static Map<String, Object> series(List<AuditStatistics.Daily> counts, LocalDate since) {
        List<String> days = since.datesUntil(LocalDate.now(ZoneOffset.UTC).plusDays(1)).map(LocalDate::toString).toList();
        Map<String, long[]> byValue = new TreeMap<>();
        for (String value : new TreeSet<>(counts.stream().map(AuditStatistics.Daily::value).toList())) {
            byValue.put(value, new long[days.size()]);
        }
        for (AuditStatistics.Daily count : counts) {
            int index = days.indexOf(count.day().toString());
            if (index >= 0) {
                byValue.get(count.value())[index] = count.count();
            }
        }
        Map<String, Object> series = new LinkedHashMap<>();
        series.put("days", days);
        series.put("series", byValue);
        return series;
    }
}
