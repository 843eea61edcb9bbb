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

    /** Nobody is signed in on a request whose sign-in was refused (a sign-in form without its page's token, say). */
    public boolean isSignedIn() {
        try {
            return !identity.isAnonymous();
        } catch (SecurityException refused) {
            return false;
        }
    }

    public String getName() {
        return isSignedIn() ? identity.getPrincipal().getName() : "";
    }

    public boolean isSubmitter() {
        return has(Roles.SUBMITTER);
    }

    public boolean isBoard() {
        return has(Roles.BOARD);
    }

    public boolean isCompliance() {
        return has(Roles.COMPLIANCE);
    }

    public boolean isRuleAuthor() {
        return has(Roles.RULE_AUTHOR);
    }

    public boolean isAdmin() {
        return has(Roles.ADMIN);
    }

    private boolean has(String role) {
        return isSignedIn() && identity.hasRole(role);
    }

    /** Rule authors, the board and compliance officers may read the rules, as through the API. */
    public boolean isRuleReader() {
        return isRuleAuthor() || isBoard() || isCompliance();
    }
}
