package io.bulwark.ledger;

import io.bulwark.database.MonitoredOperation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

/**
 * Reads transactions by the provider's transaction id, in the ledger named or, with none named, in the only
 * ledger that has that id (see {@link LedgerLookup}).
 */
@ApplicationScoped
@Transactional
public class TransactionService {

    @PersistenceContext(unitName = "bulwark")
    EntityManager entityManager;

    /** @param ledger the ledger, or null for the only one that has the transaction */
    @MonitoredOperation("transaction.find")
    public LedgerLookup<TransactionView> find(String ledger, String externalId) {
        return LedgerLookup.among(entityManager.createNamedQuery("Transaction.findByExternalId", Transaction.class)
                        .setParameter("externalId", externalId)
                        .getResultList(), Transaction::getLedger, ledger)
                .map(transaction -> TransactionView.of(transaction, transaction.getAccount().getExternalId()));
    }
}
