package io.bulwark.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.ledger.Account;
import io.bulwark.ledger.Transaction;
import io.bulwark.testing.Deployments;
import io.bulwark.testing.RequiresPgBouncer;
import io.bulwark.testing.TransactionRunner;
import io.bulwark.testing.infra.PgBouncer;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.naming.InitialContext;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Many concurrent JPA transactions through a real PgBouncer in transaction mode, which has fewer server
 * connections than the application's pool, so that consecutive transactions of one pooled connection land on
 * different PostgreSQL backends. With server-side prepared statements this fails with
 * {@code prepared statement "S_1" already exists} or {@code does not exist}; Bulwark must see no error.
 */
@RequiresPgBouncer
@ExtendWith(ArquillianExtension.class)
class PooledConcurrencyIT {

    private static final int WORKERS = 32;
    private static final int TRANSACTIONS_PER_WORKER = 40;
    private static final int SERVER_CONNECTIONS = PgBouncer.POOL_SIZE;

    @Deployment
    static WebArchive deployment() {
        return Deployments.application();
    }

    @Inject
    TransactionRunner transactions;

    @Test
    void applicationConnectionsGoThroughThePooler() {
        int pooledPort = ConfigProvider.getConfig().getValue("DB_PORT", Integer.class);
        int directPort = ConfigProvider.getConfig().getValue("DB_DIRECT_PORT", Integer.class);
        int backendPort = transactions.inNewTransaction(em ->
                ((Number) em.createNativeQuery("SELECT inet_server_port()").getSingleResult()).intValue());

        assertNotEquals(directPort, pooledPort, "the application datasource points at the pooler");
        assertEquals(directPort, backendPort, "the pooler hands the application PostgreSQL's own backends");
    }

    @Test
    void concurrentJpaTransactionsThroughThePoolerHaveNoErrors() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        ManagedExecutorService executor = InitialContext.doLookup("java:comp/DefaultManagedExecutorService");
        Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
        Set<Integer> backends = ConcurrentHashMap.newKeySet();

        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            String accountId = "pool-" + run + "-" + w;
            workers.add(executor.submit(() -> work(accountId, errors, backends)));
        }
        for (Future<?> worker : workers) {
            worker.get(5, TimeUnit.MINUTES);
        }

        assertTrue(backends.size() <= SERVER_CONNECTIONS, "the workers' transactions shared PgBouncer's " + SERVER_CONNECTIONS
                + " server connections, but ran on " + backends.size() + " backends");
        assertEquals(List.of(), errors.stream().map(Throwable::toString).distinct().toList(), "errors through the pooler");
        long stored = transactions.inNewTransaction(em -> em.createQuery(
                        "SELECT count(t) FROM Transaction t WHERE t.account.externalId LIKE :prefix", Long.class)
                .setParameter("prefix", "pool-" + run + "-%")
                .getSingleResult());
        assertEquals((long) WORKERS * TRANSACTIONS_PER_WORKER, stored, "every committed transaction is stored once");
    }

    private void work(String accountExternalId, Queue<Throwable> errors, Set<Integer> backends) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try {
            transactions.inNewTransaction(em -> {
                em.persist(new Account("pooled", accountExternalId, "active", "Pooled", "EUR", BigDecimal.ZERO, now));
                return null;
            });
            for (int i = 0; i < TRANSACTIONS_PER_WORKER; i++) {
                String transactionId = accountExternalId + "-tx-" + i;
                int seen = transactions.inNewTransaction(em -> {
                    Account account = em.createNamedQuery("Account.findByExternalId", Account.class)
                            .setParameter("externalId", accountExternalId)
                            .getSingleResult();
                    em.persist(new Transaction(transactionId, account, new BigDecimal("1.25"), "EUR", "booked",
                            now, "pooled", now));
                    em.flush();
                    backends.add(((Number) em.createNativeQuery("SELECT pg_backend_pid()").getSingleResult()).intValue());
                    return em.createNamedQuery("Transaction.findByAccount", Transaction.class)
                            .setParameter("account", account)
                            .getResultList()
                            .size();
                });
                if (seen != i + 1) {
                    errors.add(new AssertionError(accountExternalId + " saw " + seen + " transactions after " + (i + 1)));
                }
            }
        } catch (RuntimeException e) {
            errors.add(e);
        }
    }
}
