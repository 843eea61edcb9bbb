package io.aigov.decision.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;


/**
 * A proposed AI use case as submitted for evaluation, and the fact the rules reason about.
 * Optional fields get their defaults here, so the rules, the audit record and the response all
 * see the use case exactly as it was understood.
 */
@Schema(description = "A proposed AI use case")
public record UseCase(
        @NotBlank(message = "is required and must not be blank") @Size(max = 200) @Schema(description = "Short title of the use case", maxLength = 200, required = true)
        String name,

        @Size(max = 10_000) @Schema(description = "Free text; may contain personal data", maxLength = 10_000)
        String description,

        @NotNull(message = "is required") @Min(0) @Schema(description = "Expected requests per day", minimum = "0", required = true)
        Long dailyRequestVolume,

        @NotNull(message = "is required") @Schema(description = "How strictly output format and tone must hold", required = true)
        Consistency consistency,

        @NotNull(message = "is required") @Min(0) @Schema(description = "Clean labelled examples available", minimum = "0", required = true)
        Long labeledExamples,

        @NotNull(message = "is required") @DecimalMin("0") @Schema(description = "Months the task's requirements stay unchanged", minimum = "0", required = true)
        Double stableMonths,

        @NotNull(message = "is required") @Positive @Schema(description = "Weeks until the use case must be live", exclusiveMinimum = true, minimum = "0", required = true)
        Double timeToProductionWeeks,

        @NotNull(message = "is required") @Positive @Schema(description = "Acceptable response time in milliseconds", exclusiveMinimum = true, minimum = "0", required = true)
        Long latencyBudgetMs,

        @NotNull(message = "is required") @Schema(description = "Industry terms or internal frameworks and brand language", required = true)
        Vocabulary vocabulary,

        @Schema(description = "Answers depend on facts that change or postdate the model", defaultValue = "false")
        Boolean needsCurrentKnowledge,

        @Schema(description = "The model calls tools or orchestrates steps", defaultValue = "false")
        Boolean agentic,

        @Schema(description = "Business area", defaultValue = "GENERAL")
        Domain domain,

        @Schema(description = "Placed on the market, used, or its output used in the EU: the same as EU among the jurisdictions, kept for clients that send it", defaultValue = "false")
        Boolean euExposure,

        @Schema(description = "Output materially influences decisions about natural persons", defaultValue = "false")
        Boolean influencesDecisionsAboutPeople,

        @Schema(description = "Profiles natural persons", defaultValue = "false")
        Boolean profilesPeople,

        @Schema(description = "What the system does, as the active rules declare capabilities (GET /api/rules): EMOTION_RECOGNITION, SOCIAL_SCORING, ...")
        Set<@NotNull @Size(max = 64) String> capabilities,

        @Schema(description = "Handles HIPAA protected health information", defaultValue = "false")
        Boolean processesPhi,

        @Schema(description = "Produces or changes data used in financial reporting (SOX)", defaultValue = "false")
        Boolean affectsFinancialReporting,

        @Size(max = 50) @Schema(description = "Where the system is placed on the market or used, or its output used, as the active rules declare jurisdictions (GET /api/rules): EU, US, US-NY, US-NYC, ...; those that contain them are added")
        List<@NotNull @Size(max = 32) String> jurisdictions,

        @Size(max = 200) @JsonInclude(JsonInclude.Include.NON_EMPTY)
        @Schema(description = "Answers to the questions the active rules' packs declare (GET /api/rules, questions), by question id: true or false, a choice's code, a list of codes, a number, a date (2027-01-01) or text")
        Map<@NotNull @Size(max = 64) String, Object> answers) {

    /** The European Union, which {@code euExposure} stands for. */
    public static final String EU = "EU";

    public UseCase {
        needsCurrentKnowledge = orFalse(needsCurrentKnowledge);
        agentic = orFalse(agentic);
        domain = domain == null ? Domain.GENERAL : domain;
        euExposure = orFalse(euExposure);
        influencesDecisionsAboutPeople = orFalse(influencesDecisionsAboutPeople);
        profilesPeople = orFalse(profilesPeople);
        capabilities = capabilities == null || capabilities.isEmpty() ? Collections.emptySet()
                : Collections.unmodifiableSortedSet(new TreeSet<>(capabilities));
        processesPhi = orFalse(processesPhi);
        affectsFinancialReporting = orFalse(affectsFinancialReporting);
        // One fact, two ways to say it: EU among the jurisdictions and euExposure agree.
        SortedSet<String> where = new TreeSet<>(jurisdictions == null ? List.of() : jurisdictions);
        if (euExposure) {
            where.add(EU);
        }
        euExposure = where.contains(EU);
        jurisdictions = List.copyOf(where);
        SortedMap<String, Object> given = new TreeMap<>();
        if (answers != null) {
            // An answer given as null is no answer; one list a client changes afterwards is not this use case's.
            answers.forEach((id, answer) -> {
                if (answer != null) {
                    given.put(id, answer instanceof Collection<?> items ? Collections.unmodifiableList(new ArrayList<>(items)) : answer);
                }
            });
        }
        answers = Collections.unmodifiableSortedMap(given);
    }

    /** The same use case with other text: the name and description are the fields that can hold personal data. */
    public UseCase withText(String newName, String newDescription) {
        return new UseCase(newName, newDescription, dailyRequestVolume, consistency, labeledExamples, stableMonths,
                timeToProductionWeeks, latencyBudgetMs, vocabulary, needsCurrentKnowledge, agentic, domain, euExposure,
                influencesDecisionsAboutPeople, profilesPeople, capabilities, processesPhi, affectsFinancialReporting, jurisdictions,
                answers);
    }

    /** The same use case in other jurisdictions (EU among them decides euExposure). */
    public UseCase withJurisdictions(List<String> newJurisdictions) {
        return new UseCase(name, description, dailyRequestVolume, consistency, labeledExamples, stableMonths, timeToProductionWeeks,
                latencyBudgetMs, vocabulary, needsCurrentKnowledge, agentic, domain, newJurisdictions.contains(EU),
                influencesDecisionsAboutPeople, profilesPeople, capabilities, processesPhi, affectsFinancialReporting, newJurisdictions,
                answers);
    }

    /** The same use case with other answers to the packs' questions. */
    public UseCase withAnswers(Map<String, Object> newAnswers) {
        return new UseCase(name, description, dailyRequestVolume, consistency, labeledExamples, stableMonths, timeToProductionWeeks,
                latencyBudgetMs, vocabulary, needsCurrentKnowledge, agentic, domain, euExposure, influencesDecisionsAboutPeople,
                profilesPeople, capabilities, processesPhi, affectsFinancialReporting, jurisdictions, newAnswers);
    }

    /** Rules ask this rather than reaching into the set, which reads better in a condition: {@code has("SOCIAL_SCORING")}. */
    public boolean has(String capability) {
        return capabilities.contains(capability);
    }

    /** As rules written before capabilities were declared ask it. */
    public boolean has(Capability capability) {
        return has(capability.name());
    }

    /** Whether the use case is in a jurisdiction, or in one it contains: {@code inJurisdiction("US-NYC")}. */
    public boolean inJurisdiction(String code) {
        return jurisdictions.contains(code);
    }

    private static Boolean orFalse(Boolean value) {
        return value != null && value;
    }
}
