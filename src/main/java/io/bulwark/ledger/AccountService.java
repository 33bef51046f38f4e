package io.bulwark.ledger;

import io.bulwark.database.MonitoredOperation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;

/**
 * Reads accounts and their transactions by the provider's account id, in the ledger named or, with none named,
 * in the only ledger that has that id (see {@link LedgerLookup}).
 */
@ApplicationScoped
@Transactional
public class AccountService {

    @PersistenceContext(unitName = "bulwark")
    EntityManager entityManager;

    /** @param ledger the ledger, or null for the only one that has the account */
    @MonitoredOperation("account.find")
    public LedgerLookup<AccountView> find(String ledger, String externalId) {
        return account(ledger, externalId).map(AccountView::of);
    }

    /** The account's transactions, newest booking first. */
    @MonitoredOperation("account.transactions")
    public LedgerLookup<List<TransactionView>> transactions(String ledger, String externalId, int limit) {
        return account(ledger, externalId).map(account -> entityManager.createNamedQuery("Transaction.findByAccount", Transaction.class)
                .setParameter("account", account)
                .setMaxResults(limit)
                .getResultList()
                .stream()
                .map(transaction -> TransactionView.of(transaction, externalId))
                .toList());
    }

    private LedgerLookup<Account> account(String ledger, String externalId) {
        return LedgerLookup.among(entityManager.createNamedQuery("Account.findByExternalId", Account.class)
                .setParameter("externalId", externalId)
                .getResultList(), Account::getLedger, ledger);
    }
}
