package io.aigov.proposal.service;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.aigov.control.service.UseCases;
import io.aigov.proposal.Proposal;

/** The inventory's use cases as their controls see them. */
@ApplicationScoped
public class InventoryUseCases implements UseCases {

    @Override
    public Optional<UseCase> find(UUID id) {
        return Proposal.<Proposal>findByIdOptional(id).map(InventoryUseCases::of);
    }

    static UseCase of(Proposal proposal) {
        return new UseCase(proposal.id, proposal.title, proposal.state.name(), proposal.submittedBy);
    }
}
