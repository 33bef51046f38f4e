package io.bulwark.ledger;

import io.bulwark.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;

/** Reads accounts and their transactions. 404 for an account that no event has named. */
@ApplicationScoped
@Transactional
public class AccountService {

    @PersistenceContext(unitName = "bulwark")
    EntityManager entityManager;

    public AccountView find(String externalId) {
        return AccountView.of(account(externalId));
    }

    /** The account's transactions, newest booking first. */
    public List<TransactionView> transactions(String externalId, int limit) {
        account(externalId);
        return entityManager.createNamedQuery("Transaction.findByAccount", Transaction.class)
                .setParameter("accountExternalId", externalId)
                .setMaxResults(limit)
                .getResultList()
                .stream()
                .map(transaction -> TransactionView.of(transaction, externalId))
                .toList();
    }

    private Account account(String externalId) {
        return entityManager.createNamedQuery("Account.findByExternalId", Account.class)
                .setParameter("externalId", externalId)
                .getResultStream()
                .findFirst()
                .orElseThrow(() -> ProblemException.notFound("no account with that id"));
    }
}
