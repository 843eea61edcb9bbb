package io.aigov.proposal.service;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

    @Override
    public Map<UUID, String> titles(Collection<UUID> ids) {
        Map<UUID, String> titles = new HashMap<>();
        if (!ids.isEmpty()) {
            Proposal.getEntityManager().createQuery("select p.id, p.title from Proposal p where p.id in ?1", Object[].class)
                    .setParameter(1, Set.copyOf(ids)).getResultList().forEach(row -> titles.put((UUID) row[0], (String) row[1]));
        }
        return titles;
    }

    static UseCase of(Proposal proposal) {
        return new UseCase(proposal.id, proposal.title, proposal.state.name(), proposal.submittedBy);
    }
}
