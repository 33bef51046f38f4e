package io.bulwark.webhook;

import io.bulwark.database.DatabaseAccessException;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The audit of replays ({@code webhook_replays}): one row per replay of an event, written in the transaction
 * that records the replay's outcome, so the audit holds a replay exactly when the event shows it. An event's
 * history reads it; receiving a delivery never writes it.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class ReplayAudit {

    @Resource(lookup = "jdbc/bulwark")
    DataSource dataSource;

    @Inject
    @ConfigProperty(name = "BULWARK_INSTANCE", defaultValue = "unnamed")
    String replica;

    /**
     * Records a replay of the event by {@code replayedBy}, by the bulk replay job {@code jobId} or (null) by hand.
     *
     * @param outcome PROCESSED, IGNORED or FAILED
     * @param detail  the error of a failed replay, else null
     */
    public void record(UUID webhookId, UUID jobId, String replayedBy, WebhookStatus outcome, String detail) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("INSERT INTO webhook_replays "
                     + "(id, webhook_id, job_id, replayed_by, replica, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            statement.setObject(1, UUID.randomUUID());
            statement.setObject(2, webhookId);
            statement.setObject(3, jobId);
            statement.setString(4, replayedBy);
            statement.setString(5, replica);
            statement.setString(6, outcome.name());
            statement.setString(7, detail);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseAccessException(e);
        }
    }
}
