package io.aigov.decision.model;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;


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

        @Schema(description = "Placed on the market, used, or its output used in the EU", defaultValue = "false")
        Boolean euExposure,

        @Schema(description = "Output materially influences decisions about natural persons", defaultValue = "false")
        Boolean influencesDecisionsAboutPeople,

        @Schema(description = "Profiles natural persons", defaultValue = "false")
        Boolean profilesPeople,

        @Schema(description = "Capabilities the EU AI Act singles out")
        Set<Capability> capabilities,

        @Schema(description = "Handles HIPAA protected health information", defaultValue = "false")
        Boolean processesPhi,

        @Schema(description = "Produces or changes data used in financial reporting (SOX)", defaultValue = "false")
        Boolean affectsFinancialReporting) {

    public UseCase {
        needsCurrentKnowledge = orFalse(needsCurrentKnowledge);
        agentic = orFalse(agentic);
        domain = domain == null ? Domain.GENERAL : domain;
        euExposure = orFalse(euExposure);
        influencesDecisionsAboutPeople = orFalse(influencesDecisionsAboutPeople);
        profilesPeople = orFalse(profilesPeople);
        capabilities = capabilities == null || capabilities.isEmpty()
                ? Collections.emptySet()
                : Collections.unmodifiableSet(EnumSet.copyOf(capabilities));
        processesPhi = orFalse(processesPhi);
        affectsFinancialReporting = orFalse(affectsFinancialReporting);
    }

    /** The same use case with other text: the name and description are the fields that can hold personal data. */
    public UseCase withText(String newName, String newDescription) {
        return new UseCase(newName, newDescription, dailyRequestVolume, consistency, labeledExamples, stableMonths,
                timeToProductionWeeks, latencyBudgetMs, vocabulary, needsCurrentKnowledge, agentic, domain, euExposure,
                influencesDecisionsAboutPeople, profilesPeople, capabilities, processesPhi, affectsFinancialReporting);
    }

    /** Rules ask this rather than reaching into the set, which reads better in a condition. */
    public boolean has(Capability capability) {
        return capabilities.contains(capability);
    }

    private static Boolean orFalse(Boolean value) {
        return value != null && value;
    }
}
