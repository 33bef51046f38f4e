package io.bulwark.testing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.function.Function;

/** Runs test work in a fresh JTA transaction on the application's persistence unit, inside the server. */
@ApplicationScoped
public class TransactionRunner {

    @PersistenceContext(unitName = "bulwark")
    private EntityManager entityManager;

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public <T> T inNewTransaction(Function<EntityManager, T> work) {
        return work.apply(entityManager);
    }
}
