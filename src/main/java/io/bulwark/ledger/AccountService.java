package io.bulwark.ledger;

import io.bulwark.database.MonitoredOperation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/** Reads accounts and their transactions; empty for an account that no event has named. */
@ApplicationScoped
@Transactional
public class AccountService {

    @PersistenceContext(unitName = "bulwark")
    EntityManager entityManager;

    @MonitoredOperation("account.find")
    public Optional<AccountView> find(String externalId) {
        return account(externalId).map(AccountView::of);
    }

    /** The account's transactions, newest booking first. */
    @MonitoredOperation("account.transactions")
    public Optional<List<TransactionView>> transactions(String externalId, int limit) {
        return account(externalId).map(account -> entityManager.createNamedQuery("Transaction.findByAccount", Transaction.class)
                .setParameter("accountExternalId", externalId)
                .setMaxResults(limit)
                .getResultList()
                .stream()
                .map(transaction -> TransactionView.of(transaction, externalId))
                .toList());
    }

    private Optional<Account> account(String externalId) {
        return entityManager.createNamedQuery("Account.findByExternalId", Account.class)
                .setParameter("externalId", externalId)
                .getResultStream()
                .findFirst();
    }
}
