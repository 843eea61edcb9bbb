package io.aigov.console.rest;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;

import io.quarkus.security.identity.SecurityIdentity;

import io.aigov.shared.Roles;

/** Who is looking at a console page, and what their roles let the page show; the server checks every action again. */
@Named("viewer")
@RequestScoped
public class Viewer {

    private final SecurityIdentity identity;

    public Viewer(SecurityIdentity identity) {
        this.identity = identity;
    }

    public boolean isSignedIn() {
        return !identity.isAnonymous();
    }

    public String getName() {
        return identity.isAnonymous() ? "" : identity.getPrincipal().getName();
    }

    public boolean isSubmitter() {
        return identity.hasRole(Roles.SUBMITTER);
    }

    public boolean isBoard() {
        return identity.hasRole(Roles.BOARD);
    }

    public boolean isCompliance() {
        return identity.hasRole(Roles.COMPLIANCE);
    }

    public boolean isRuleAuthor() {
        return identity.hasRole(Roles.RULE_AUTHOR);
    }

    public boolean isAdmin() {
        return identity.hasRole(Roles.ADMIN);
    }

    /** Rule authors, the board and compliance officers may read the rules, as through the API. */
    public boolean isRuleReader() {
        return isRuleAuthor() || isBoard() || isCompliance();
    }
}
