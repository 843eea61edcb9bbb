package io.aigov.ruleset.rest;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.aigov.api.rest.CarriesFiles;


/**
 * A candidate ruleset sent through the API: every file, named as in the rules folder
 * ({@code thresholds.properties}, {@code *.drl}, {@code tests/*.json}).
 *
 * @param limit for impact analysis only: how many of the latest audited evaluations to replay
 */
@Schema(name = "CandidateRuleset")
@CarriesFiles
public record CandidateFiles(
        @NotEmpty(message = "must list the candidate's files") List<@Valid @NotNull(message = "must not be null") File> files,
        @Min(1) @Max(100_000) @Schema(description = "Impact analysis: latest audited evaluations to replay", defaultValue = "1000") Integer limit) {

    public record File(@NotBlank(message = "is required") String name, @NotNull(message = "is required") String content) {
    }
}
