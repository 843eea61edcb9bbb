package io.aigov.console.rest;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;

import io.quarkus.security.identity.SecurityIdentity;

import io.aigov.proposal.service.ProposalService;
import io.aigov.ruleset.service.RuleChanges;
import io.aigov.shared.Roles;

/** Who is looking at a console page, and what their roles let the page show; the server checks every action again. */
@Named("viewer")
@RequestScoped
public class Viewer {

    private final SecurityIdentity identity;
    private final ProposalService proposals;
    private final RuleChanges ruleChanges;
    private Long boardQueue;
    private Long pendingChanges;

    public Viewer(SecurityIdentity identity, ProposalService proposals, RuleChanges ruleChanges) {
        this.identity = identity;
        this.proposals = proposals;
        this.ruleChanges = ruleChanges;
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

    /** For the board's menu entry: the proposals waiting for the board, counted once a page. */
    public long getBoardQueue() {
        if (boardQueue == null) {
            boardQueue = isBoard() ? proposals.queueCount() : 0;
        }
        return boardQueue;
    }

    /** For a rule author's menu entry: the rule changes waiting for a second person's approval, counted once a page. */
    public long getPendingChanges() {
        if (pendingChanges == null) {
            pendingChanges = isRuleAuthor() ? ruleChanges.pendingCount() : 0;
        }
        return pendingChanges;
    }

    /** Rule authors, the board and compliance officers may read the rules, as through the API. */
    public boolean isRuleReader() {
        return isRuleAuthor() || isBoard() || isCompliance();
    }
}
