package io.bulwark.ledger;

import static io.bulwark.testing.WebhookClient.array;
import static io.bulwark.testing.WebhookClient.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.testing.DatabaseQueries;
import io.bulwark.testing.Deployments;
import io.bulwark.testing.Events;
import io.bulwark.testing.LockstepSenders;
import io.bulwark.testing.WebhookClient;
import io.bulwark.testing.infra.TestCredentials;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The ledger's rules hold under concurrency: what a rule read cannot change before the event that read it is
 * committed. Senders in lockstep race events that the rules decide between, round after round.
 */
@ExtendWith(ArquillianExtension.class)
class LedgerRuleLocksIT {

    private static final Logger LOG = Logger.getLogger(LedgerRuleLocksIT.class.getName());
    private static final String SOURCE = TestCredentials.STANDARD_SOURCE;
    /** A source writes the ledger of its own name unless configured otherwise. */
    private static final String LEDGER = SOURCE;
    private static final Instant AT = Instant.parse("2026-11-29T12:00:00Z");
    private static final int BOOKING_ROUNDS = 40;
    private static final int CURRENCY_ROUNDS = 40;
    private static final int BOOKINGS_PER_SWITCH = 3;

    private final WebhookClient client = new WebhookClient();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    private record Send(String deliveryId, String body, String account) {
    }

    private record Answer(Send send, int status, JsonObject receipt) {
    }

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    /**
     * Two first bookings of one transaction on two different accounts, at the same moment: one is applied, the
     * other refused (202 FAILED with an alert), never both applied with one of them silently dropped.
     */
    @Test
    void concurrentFirstBookingsOnTwoAccountsApplyOneAndRefuseTheOther() {
        List<List<Send>> rounds = new ArrayList<>();
        for (int round = 0; round < BOOKING_ROUNDS; round++) {
            String transaction = "tx_first_" + run + "_" + round;
            List<Send> sends = new ArrayList<>();
            for (String side : List.of("left", "right")) {
                String account = "acc_first_" + side + "_" + run;
                String delivery = "evt_first_" + side + "_" + run + "_" + round;
                sends.add(new Send(delivery, Events.transaction("transaction.created", delivery, AT.plusSeconds(round), transaction,
                        account, "1.00", "EUR", "booked"), account));
            }
            rounds.add(sends);
        }

        List<Answer> answers = LockstepSenders.send(rounds, this::send);

        Map<String, String> alerts = openAlertsByWebhookId();
        for (int round = 0; round < BOOKING_ROUNDS; round++) {
            List<Answer> pair = answers.subList(round * 2, round * 2 + 2);
            String transaction = "tx_first_" + run + "_" + round;
            List<Answer> applied = pair.stream().filter(answer -> answer.status() == 200).toList();
            List<Answer> refused = pair.stream().filter(answer -> answer.status() == 202).toList();
            assertEquals(1, applied.size(), "round " + round + ": exactly one booking applied, answered " + statuses(pair));
            assertEquals(1, refused.size(), "round " + round + ": exactly one booking refused, answered " + statuses(pair));
            assertEquals("PROCESSED", applied.get(0).receipt().getString("status"));
            assertEquals("FAILED", refused.get(0).receipt().getString("status"));
            assertEquals("AccountMismatch", alerts.get(refused.get(0).receipt().getString("webhookId")),
                    "round " + round + ": the refusal is alerted");
            JsonObject stored = object(client.admin("GET", "/api/transactions/" + transaction + "?ledger=" + LEDGER));
            assertEquals(applied.get(0).send().account(), stored.getString("accountId"),
                    "round " + round + ": the transaction is on the account of the booking that was applied");
        }
    }

    /**
     * An account switching from EUR to USD while transactions in EUR are booked on it: each transaction is either
     * applied while the account was still in EUR or refused. "While" is the order in which PostgreSQL committed
     * the switch and the booking (its commit timestamps): a booking applied is one committed before the switch, or
     * before it in the same commit. Without a lock on the account, a booking that read EUR could commit after the
     * switch, and a EUR transaction would sit on a USD account as if it had been applied before the change.
     */
    @Test
    void aCurrencyChangeAndBookingsInTheOldCurrencyNeverMeet() {
        List<List<Send>> rounds = new ArrayList<>();
        for (int round = 0; round < CURRENCY_ROUNDS; round++) {
            String account = "acc_switch_" + run + "_" + round;
            String created = "evt_switch_new_" + run + "_" + round;
            assertEquals(200, client.sendStandard(created, Events.account("account.created", created, AT, account, "active", "EUR",
                    "0.00")).statusCode());
            List<Send> sends = new ArrayList<>();
            String switched = "evt_switch_" + run + "_" + round;
            sends.add(new Send(switched, Events.account("account.updated", switched, AT.plusSeconds(60), account, "active", "USD",
                    "0.00"), account));
            for (int booking = 0; booking < BOOKINGS_PER_SWITCH; booking++) {
                String delivery = "evt_switch_tx_" + run + "_" + round + "_" + booking;
                sends.add(new Send(delivery, Events.transaction("transaction.created", delivery, AT.plusSeconds(30),
                        "tx_switch_" + run + "_" + round + "_" + booking, account, "1.00", "EUR", "booked"), account));
            }
            rounds.add(sends);
        }

        List<Answer> answers = LockstepSenders.send(rounds, this::send);

        Map<String, Commit> commits = commitsOf(answers);
        Map<String, String> alerts = openAlertsByWebhookId();
        int applied = 0;
        int senders = BOOKINGS_PER_SWITCH + 1;
        for (int round = 0; round < CURRENCY_ROUNDS; round++) {
            List<Answer> sent = answers.subList(round * senders, round * senders + senders);
            Answer switchAnswer = sent.get(0);
            assertEquals(200, switchAnswer.status(), "an account update is never refused");
            Commit switchCommit = commits.get(switchAnswer.send().deliveryId());
            for (Answer booking : sent.subList(1, senders)) {
                if (booking.status() == 202) {
                    assertEquals("CurrencyMismatch", alerts.get(booking.receipt().getString("webhookId")));
                    continue;
                }
                assertEquals(200, booking.status(), booking.receipt().toString());
                applied++;
                Commit bookingCommit = commits.get(booking.send().deliveryId());
                assertTrue(bookingCommit.transactionId().equals(switchCommit.transactionId())
                                || bookingCommit.committedAt().compareTo(switchCommit.committedAt()) < 0,
                        "round " + round + ": " + booking.send().deliveryId() + " booked in EUR was committed at "
                                + bookingCommit.committedAt() + ", after the account switched to USD at " + switchCommit.committedAt());
            }
            assertEquals("USD", object(client.admin("GET", "/api/accounts/" + switchAnswer.send().account() + "?ledger=" + LEDGER))
                    .getString("currency"));
        }
        int bookings = CURRENCY_ROUNDS * BOOKINGS_PER_SWITCH;
        int appliedBookings = applied;
        LOG.info(() -> appliedBookings + " of " + bookings + " EUR bookings that raced a switch to USD were applied");
        assertTrue(applied > 0, "some bookings were applied, so that there was a commit order to check");
    }

    /** When PostgreSQL committed the transaction that stored (and applied) a delivery, by its id. */
    private record Commit(String transactionId, String committedAt) {
    }

    private Map<String, Commit> commitsOf(List<Answer> answers) {
        String[] deliveries = answers.stream().filter(answer -> answer.status() == 200).map(answer -> answer.send().deliveryId())
                .toArray(String[]::new);
        Map<String, Commit> commits = new HashMap<>();
        for (List<String> row : DatabaseQueries.rows("SELECT delivery_id, xmin::text, "
                + "to_char(pg_xact_commit_timestamp(xmin) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US') FROM webhook_events "
                + "WHERE source = ? AND delivery_id = ANY (?)", SOURCE, deliveries)) {
            assertNotNull(row.get(2), "PostgreSQL keeps commit timestamps (track_commit_timestamp)");
            commits.put(row.get(0), new Commit(row.get(1), row.get(2)));
        }
        assertEquals(deliveries.length, commits.size(), "every applied delivery is stored");
        return commits;
    }

    private Map<String, String> openAlertsByWebhookId() {
        Map<String, String> alerts = new HashMap<>();
        array(client.admin("GET", "/api/alerts?acknowledged=false&limit=1000")).getValuesAs(JsonObject.class)
                .forEach(alert -> alerts.put(alert.getString("webhookId", ""), alert.getString("errorClass", "")));
        return alerts;
    }

    private Answer send(Send send) {
        HttpResponse<String> response = client.sendStandard(send.deliveryId(), send.body());
        return new Answer(send, response.statusCode(), object(response));
    }

    private static List<Integer> statuses(List<Answer> answers) {
        return answers.stream().map(Answer::status).toList();
    }
}
