package io.bulwark.database;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

/**
 * A database operation whose PostgreSQL backend is ended under it, as pg_terminate_backend or a restart of
 * PostgreSQL ends it: the backend terminates itself, so that no other session is touched.
 */
@ApplicationScoped
public class OwnBackendTermination {

    static final String OPERATION = "test.terminate-own-backend";

    @PersistenceContext(unitName = "bulwark")
    EntityManager entityManager;

    @MonitoredOperation(OPERATION)
    @Transactional
    public void terminateOwnBackend() {
        entityManager.createNativeQuery("SELECT pg_terminate_backend(pg_backend_pid())").getSingleResult();
    }
}
