package io.aigov.access.service;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What creating or changing an account asks for, with the rules each field must meet: the users
 * API reads them from JSON and the console from its forms, through the same binding, so both refuse
 * the same values with the same words.
 */
public final class AccountCommands {

    /** The roles a command may name. */
    public static final String ROLE_PATTERN = "submitter|board|compliance|rule-author|admin";

    private AccountCommands() {
    }

    @Schema(name = "NewUser")
    public record NewUser(
            @NotBlank(message = "is required") @Pattern(regexp = "[a-z0-9][a-z0-9._@-]{0,99}", message = "must be 1 to 100 lower-case letters, digits or . _ @ -") String username,
            @NotNull(message = "is required") @Size(min = Passwords.MIN_LENGTH, max = 200, message = "must be 12 to 200 characters long") String password,
            @NotEmpty(message = "must name at least one role") List<@NotNull @Pattern(regexp = ROLE_PATTERN, message = "must be one of " + ROLE_PATTERN) String> roles) {
    }

    @Schema(name = "UserRoles")
    public record RolesChange(
            @NotEmpty(message = "must name at least one role") List<@NotNull @Pattern(regexp = ROLE_PATTERN, message = "must be one of " + ROLE_PATTERN) String> roles) {
    }

    @Schema(name = "PasswordChange")
    public record PasswordChange(
            @NotNull(message = "is required") @Size(min = Passwords.MIN_LENGTH, max = 200, message = "must be 12 to 200 characters long") String password) {
    }
}
