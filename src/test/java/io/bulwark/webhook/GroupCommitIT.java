package io.bulwark.webhook;

import static io.bulwark.testing.PrometheusSamples.APPLICATION;
import static io.bulwark.testing.PrometheusSamples.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.testing.DatabaseQueries;
import io.bulwark.testing.DeliveryLoad;
import io.bulwark.testing.Deployments;
import io.bulwark.testing.Events;
import io.bulwark.testing.LedgerAudit;
import io.bulwark.testing.LockstepSenders;
import io.bulwark.testing.WebhookClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Deliveries that arrive together may share a commit (group commit); a sender must not be able to tell. 64
 * senders in lockstep send, in every round at the same moment: fresh deliveries on a few shared accounts,
 * copies of one delivery, deliveries refused with 400 or 401, deliveries the ledger refuses, and updates of one
 * hot account in no particular order. Each sender must get the answer its own delivery deserves, and
 * PostgreSQL must hold exactly that, whichever deliveries happened to share a transaction.
 */
@ExtendWith(ArquillianExtension.class)
class GroupCommitIT {

    private static final Logger LOG = Logger.getLogger(GroupCommitIT.class.getName());
    private static final int SENDERS = 64;
    private static final int ROUNDS = 6;
    private static final int COPIES = 6;
    private static final int HOT_UPDATES = 8;
    private static final int METRICS_BURST = 320;
    private static final Instant AT = Instant.parse("2026-11-29T00:00:00Z");
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String EUR_ACCOUNT = "acc_gc_eur_" + RUN;
    private static final String MOVED_FROM = "acc_gc_from_" + RUN;
    private static final String MOVED_TO = "acc_gc_to_" + RUN;
    private static final String MOVED_TRANSACTION = "tx_gc_moved_" + RUN;
    private static final String HOT_ACCOUNT = "acc_gc_hot_" + RUN;
    private static final String HOT_TRANSACTION = "tx_gc_hot_" + RUN;
    private static final String WRONG_SECRET = "whsec_"
            + Base64.getEncoder().encodeToString("not the source's secret".getBytes(StandardCharsets.UTF_8));

    /** What a sender sends, and the status the contract answers it with. */
    private enum Kind {
        FRESH(200), COPY(200), HOT_ACCOUNT_UPDATE(200), HOT_TRANSACTION_UPDATE(200),
        MALFORMED_JSON(400), MISSING_FIELD(400), NON_DECIMAL_AMOUNT(400), BAD_SIGNATURE(401),
        CURRENCY_REFUSED(202), ACCOUNT_REFUSED(202);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        boolean badInput() {
            return status == 400 || status == 401;
        }

        boolean refusedByLedger() {
            return status == 202;
        }
    }

    /** One sending; {@code transaction} is the external id of the transaction the body names, if any. */
    private record Send(Kind kind, DeliveryLoad.Delivery delivery, String transaction) {

        String deliveryId() {
            return delivery.deliveryId();
        }
    }

    private record Answer(Send send, DeliveryLoad.Outcome outcome) {

        JsonObject receipt() {
            assertTrue(outcome.acknowledged(), send.deliveryId() + " answered " + outcome.status() + ": " + outcome.body());
            return outcome.json();
        }
    }

    /** An event as PostgreSQL holds it. */
    private record Stored(String webhookId, String status) {
    }

    private static List<Answer> answers;
    private static Map<String, Stored> stored;

    private final WebhookClient client = new WebhookClient();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @BeforeAll
    static void sendTheMixedBurst() {
        DeliveryLoad load = new DeliveryLoad();
        String baseUrl = baseUrl();
        for (DeliveryLoad.Delivery ledgerState : List.of(
                delivery("evt_gc_eur_" + RUN, Events.account("account.created", "evt_gc_eur_" + RUN, AT, EUR_ACCOUNT, "active", "EUR", "0.00")),
                delivery("evt_gc_moved_" + RUN, Events.transaction("transaction.created", "evt_gc_moved_" + RUN, AT, MOVED_TRANSACTION,
                        MOVED_FROM, "7.00", "EUR", "booked")))) {
            DeliveryLoad.Outcome outcome = load.send(baseUrl, ledgerState);
            assertEquals(200, outcome.status(), outcome.body());
        }
        List<List<Send>> rounds = new Burst().rounds();
        long started = System.nanoTime();
        answers = LockstepSenders.send(rounds, send -> new Answer(send, send.kind() == Kind.BAD_SIGNATURE
                ? load.send(baseUrl, send.delivery(), WRONG_SECRET) : load.send(baseUrl, send.delivery())));
        long millis = (System.nanoTime() - started) / 1_000_000;
        LOG.info(() -> ROUNDS + " rounds from " + SENDERS + " senders in " + millis + " ms: "
                + DeliveryLoad.statusCounts(answers.stream().map(Answer::outcome).toList()));
        String[] deliveryIds = answers.stream().map(answer -> answer.send().deliveryId()).distinct().toArray(String[]::new);
        stored = DatabaseQueries.rows("SELECT delivery_id, id::text, status FROM webhook_events WHERE source = 'acme' "
                        + "AND delivery_id = ANY (?)", (Object) deliveryIds).stream()
                .collect(Collectors.toMap(row -> row.get(0), row -> new Stored(row.get(1), row.get(2))));
    }

    @Test
    void everySenderGetsTheAnswerItsOwnDeliveryDeserves() {
        List<String> wrong = answers.stream()
                .filter(answer -> answer.outcome().status() != answer.send().kind().status)
                .map(answer -> answer.send().kind() + " " + answer.send().deliveryId() + " answered " + answer.outcome().status()
                        + ": " + answer.outcome().body())
                .toList();

        assertEquals(List.of(), wrong, "answers other than the contract's (0 = connection failed)");
    }

    @Test
    void eachReceiptNamesTheEventStoredForItsOwnDelivery() {
        for (Answer answer : only(kind -> kind == Kind.FRESH || kind == Kind.HOT_ACCOUNT_UPDATE
                || kind == Kind.HOT_TRANSACTION_UPDATE || kind.refusedByLedger())) {
            JsonObject receipt = answer.receipt();
            Stored event = stored.get(answer.send().deliveryId());
            assertTrue(event != null, "acknowledged but not stored: " + answer.send().deliveryId());
            assertEquals(event.webhookId(), receipt.getString("webhookId"), "webhookId of " + answer.send().deliveryId());
            assertEquals(event.status(), receipt.getString("status"), "status of " + answer.send().deliveryId());
            assertFalse(receipt.getBoolean("duplicate"), "a delivery sent once is no duplicate: " + answer.send().deliveryId());
        }
    }

    @Test
    void copiesSentAtTheSameMomentShareOneWebhookIdAndOnlyOneIsFirst() {
        Map<String, List<Answer>> copies = only(kind -> kind == Kind.COPY).stream()
                .collect(Collectors.groupingBy(answer -> answer.send().deliveryId()));
        assertEquals(2 * ROUNDS, copies.size());

        copies.forEach((deliveryId, sent) -> {
            assertEquals(COPIES, sent.size());
            assertTrue(stored.containsKey(deliveryId), "copies of " + deliveryId + " acknowledged but not stored");
            assertEquals(List.of(stored.get(deliveryId).webhookId()),
                    sent.stream().map(answer -> answer.receipt().getString("webhookId")).distinct().toList(),
                    "every copy of " + deliveryId + " answered with the stored event's webhookId");
            assertEquals(1, sent.stream().filter(answer -> !answer.receipt().getBoolean("duplicate")).count(),
                    "copies of " + deliveryId + " answered as the first");
        });
    }

    @Test
    void badInputStoresNothingWhateverItsGroup() {
        List<Answer> bad = only(Kind::badInput);
        String[] transactions = bad.stream().map(answer -> answer.send().transaction()).toArray(String[]::new);

        assertEquals(List.of(), bad.stream().map(answer -> answer.send().deliveryId()).filter(stored::containsKey).toList(),
                "bad deliveries stored");
        assertEquals(List.of(), DatabaseQueries.rows("SELECT external_id FROM transactions WHERE external_id = ANY (?)",
                (Object) transactions), "transactions of bad deliveries applied");
    }

    @Test
    void ledgerRefusalsAreStoredAsFailedEachWithItsAlert() {
        List<Answer> refused = only(Kind::refusedByLedger);
        String[] webhookIds = refused.stream().map(answer -> answer.receipt().getString("webhookId")).toArray(String[]::new);
        Map<String, List<String>> alerts = DatabaseQueries.rows("SELECT webhook_id::text, error_class FROM alerts "
                        + "WHERE webhook_id::text = ANY (?)", (Object) webhookIds).stream()
                .collect(Collectors.groupingBy(row -> row.get(0), Collectors.mapping(row -> row.get(1), Collectors.toList())));

        for (Answer answer : refused) {
            String webhookId = answer.receipt().getString("webhookId");
            assertTrue(stored.containsKey(answer.send().deliveryId()), "acknowledged but not stored: " + answer.send().deliveryId());
            assertEquals("FAILED", stored.get(answer.send().deliveryId()).status(), answer.send().deliveryId());
            String errorClass = answer.send().kind() == Kind.CURRENCY_REFUSED ? "CurrencyMismatch" : "AccountMismatch";
            assertEquals(List.of(errorClass), alerts.get(webhookId), "alerts for " + answer.send().deliveryId());
        }
        String[] refusedTransactions = only(kind -> kind == Kind.CURRENCY_REFUSED).stream()
                .map(answer -> answer.send().transaction()).toArray(String[]::new);
        assertEquals(List.of(), DatabaseQueries.rows("SELECT external_id FROM transactions WHERE external_id = ANY (?)",
                (Object) refusedTransactions), "refused transactions applied");
        assertEquals(MOVED_FROM, DatabaseQueries.value("SELECT a.external_id FROM transactions t JOIN accounts a ON a.id = t.account_id "
                + "WHERE t.external_id = ?", MOVED_TRANSACTION), "a refused move leaves the transaction where it was");
    }

    @Test
    void acknowledgedDeliveriesAreStoredAndAppliedExactlyOnce() {
        LedgerAudit.assertNothingLostOrDoubled(answers.stream().map(Answer::outcome).toList());
    }

    @Test
    void hotAccountEndsInTheStateOfItsNewestUpdate() {
        int newest = ROUNDS * HOT_UPDATES - 1;

        JsonObject account = WebhookClient.object(client.admin("GET", "/api/accounts/" + HOT_ACCOUNT));

        assertEquals(newest + ".00", account.getString("balance"), account.toString());
        assertEquals("s" + newest, account.getString("status"));
        assertEquals(AT.plusSeconds(newest), OffsetDateTime.parse(account.getString("asOf")).toInstant());
    }

    /** Updates of one transaction that share a commit are applied in turn; the newest still wins. */
    @Test
    void hotTransactionEndsInTheStateOfItsNewestUpdate() {
        int newest = ROUNDS * HOT_UPDATES - 1;

        List<List<String>> rows = DatabaseQueries.rows("SELECT amount::text, status, state_as_of = ?::timestamptz FROM transactions "
                + "WHERE external_id = ?", AT.plusSeconds(newest).toString(), HOT_TRANSACTION);

        assertEquals(List.of(List.of(newest + ".00", "s" + newest, "t")), rows);
    }

    /**
     * Groups really form under concurrency, as the application's MicroProfile Metrics report them: the histogram
     * {@code webhook.group.size} (deliveries per commit) and the timer {@code webhook.group.linger} (how long a
     * group waited for company). Measured over this test's own burst, since other tests' single deliveries commit
     * alone.
     */
    @Test
    void deliveriesSentTogetherShareCommits() {
        String before = scrape();

        List<DeliveryLoad.Outcome> burst = new DeliveryLoad().send(baseUrl(), DeliveryLoad.mix("gcm_" + RUN, METRICS_BURST), SENDERS);

        String after = scrape();
        assertEquals(Map.of(200, (long) METRICS_BURST), DeliveryLoad.statusCounts(burst));
        double largest = value(after, "webhook_group_size_max", APPLICATION);
        double groups = increase(before, after, "webhook_group_size_count");
        double grouped = increase(before, after, "webhook_group_size_sum");
        assertTrue(largest > 1, "webhook_group_size_max is " + largest + ": no commit carried more than one delivery");
        assertTrue(groups > 0 && grouped / groups > 1, "the burst's " + grouped + " deliveries took " + groups + " commits");
        assertTrue(increase(before, after, "webhook_group_linger_seconds_count") > 0, "webhook_group_linger_seconds timed no linger");
    }

    private static double increase(String before, String after, String name) {
        return value(after, name, APPLICATION) - value(before, name, APPLICATION);
    }

    private static List<Answer> only(Predicate<Kind> kinds) {
        return answers.stream().filter(answer -> kinds.test(answer.send().kind())).toList();
    }

    private String scrape() {
        HttpResponse<String> response = client.request("GET", "/metrics", null);
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    private static String baseUrl() {
        return "http://localhost:" + System.getProperty("bulwark.it.httpPort");
    }

    private static DeliveryLoad.Delivery delivery(String id, String body) {
        return new DeliveryLoad.Delivery(id, body, Map.of());
    }

    /** The rounds of the burst: every kind in every round, in an order shuffled per round. */
    private static final class Burst {

        private final Random random = new Random(42);
        private int nextFresh;

        List<List<Send>> rounds() {
            return IntStream.range(0, ROUNDS).mapToObj(this::round).toList();
        }

        private List<Send> round(int round) {
            List<Send> sends = new ArrayList<>();
            for (int set = 0; set < 2; set++) {
                sends.addAll(Collections.nCopies(COPIES, transaction(Kind.COPY, "copy" + set + "_" + round, MOVED_TO, "EUR")));
            }
            sends.addAll(hotUpdates(round));
            sends.addAll(hotTransactionUpdates(round));
            sends.add(malformed(round));
            sends.add(withoutAccount(round));
            sends.add(nonDecimalAmount(round));
            sends.add(transaction(Kind.BAD_SIGNATURE, "badsig_" + round, EUR_ACCOUNT, "EUR"));
            sends.add(transaction(Kind.CURRENCY_REFUSED, "usd0_" + round, EUR_ACCOUNT, "USD"));
            sends.add(transaction(Kind.CURRENCY_REFUSED, "usd1_" + round, EUR_ACCOUNT, "USD"));
            sends.add(move(round));
            sends.add(transaction(Kind.FRESH, "eur0_" + round, EUR_ACCOUNT, "EUR"));
            sends.add(transaction(Kind.FRESH, "eur1_" + round, EUR_ACCOUNT, "EUR"));
            while (sends.size() < SENDERS) {
                sends.add(new Send(Kind.FRESH, DeliveryLoad.delivery("gc_" + RUN, nextFreshIndex()), null));
            }
            Collections.shuffle(sends, random);
            return sends;
        }

        /** Skips the mix's repeats: here every fresh delivery is sent once. */
        private int nextFreshIndex() {
            if (nextFresh % 10 == 9) {
                nextFresh++;
            }
            return nextFresh++;
        }

        /** Newest first: every later round brings older updates, which must not win however they are grouped. */
        private List<Send> hotUpdates(int round) {
            List<Integer> order = new ArrayList<>(IntStream.range(0, HOT_UPDATES).boxed().toList());
            Collections.shuffle(order, random);
            return order.stream().map(slot -> {
                int age = (ROUNDS - 1 - round) * HOT_UPDATES + slot;
                String id = "evt_gc_hot_" + RUN + "_" + age;
                return new Send(Kind.HOT_ACCOUNT_UPDATE, delivery(id,
                        Events.account("account.updated", id, AT.plusSeconds(age), HOT_ACCOUNT, "s" + age, "EUR", age + ".00")), null);
            }).toList();
        }

        /** Like {@link #hotUpdates}, for one transaction: the same row upserted several times in one commit. */
        private List<Send> hotTransactionUpdates(int round) {
            List<Integer> order = new ArrayList<>(IntStream.range(0, HOT_UPDATES).boxed().toList());
            Collections.shuffle(order, random);
            return order.stream().map(slot -> {
                int age = (ROUNDS - 1 - round) * HOT_UPDATES + slot;
                String id = "evt_gc_hottx_" + RUN + "_" + age;
                return new Send(Kind.HOT_TRANSACTION_UPDATE, delivery(id, Events.transaction("transaction.updated", id,
                        AT.plusSeconds(age), HOT_TRANSACTION, HOT_ACCOUNT, age + ".00", "EUR", "s" + age)), HOT_TRANSACTION);
            }).toList();
        }

        private static Send transaction(Kind kind, String name, String account, String currency) {
            String id = "evt_gc_" + name + "_" + RUN;
            String transaction = "tx_gc_" + name + "_" + RUN;
            String amount = "12.34";
            Map<String, String> applied = kind.status == 200 ? Map.of(transaction, amount) : Map.of();
            return new Send(kind, new DeliveryLoad.Delivery(id, Events.transaction("transaction.created", id, AT.plusSeconds(1),
                    transaction, account, amount, currency, "booked"), applied), transaction);
        }

        private static Send malformed(int round) {
            Send valid = transaction(Kind.MALFORMED_JSON, "malformed_" + round, EUR_ACCOUNT, "EUR");
            String body = valid.delivery().body();
            return new Send(Kind.MALFORMED_JSON, delivery(valid.deliveryId(), body.substring(0, body.length() - 1)), valid.transaction());
        }

        private static Send withoutAccount(int round) {
            Send valid = transaction(Kind.MISSING_FIELD, "unbooked_" + round, EUR_ACCOUNT, "EUR");
            try (JsonReader reader = Json.createReader(new StringReader(valid.delivery().body()))) {
                JsonObject event = reader.readObject();
                JsonObject transaction = Json.createObjectBuilder(event.getJsonObject("data").getJsonObject("transaction"))
                        .remove("accountId").build();
                String body = Json.createObjectBuilder(event).add("data", Json.createObjectBuilder().add("transaction", transaction))
                        .build().toString();
                return new Send(Kind.MISSING_FIELD, delivery(valid.deliveryId(), body), valid.transaction());
            }
        }

        private static Send nonDecimalAmount(int round) {
            Send valid = transaction(Kind.NON_DECIMAL_AMOUNT, "nondecimal_" + round, EUR_ACCOUNT, "EUR");
            String body = valid.delivery().body().replace("\"12.34\"", "\"12,34\"");
            return new Send(Kind.NON_DECIMAL_AMOUNT, delivery(valid.deliveryId(), body), valid.transaction());
        }

        private static Send move(int round) {
            String id = "evt_gc_move_" + round + "_" + RUN;
            return new Send(Kind.ACCOUNT_REFUSED, delivery(id, Events.transaction("transaction.updated", id, AT.plusSeconds(1 + round),
                    MOVED_TRANSACTION, MOVED_TO, "7.00", "EUR", "booked")), MOVED_TRANSACTION);
        }
    }
}
