package io.aigov.control.service;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What controls need to know of the inventory's use cases, given by the inventory (which opens and
 * closes their controls), so that controls know nothing of proposals.
 */
public interface UseCases {

    /**
     * @param submittedBy the account that owns the use case: its controls' first owner, and one who may read them
     * @param state       its state in the inventory, as its notices say it
     */
    record UseCase(UUID id, String title, String state, String submittedBy) {
    }

    Optional<UseCase> find(UUID id);

    /** The titles of the use cases, by id, read at once: a list of controls names their use cases. */
    Map<UUID, String> titles(Collection<UUID> ids);
}
