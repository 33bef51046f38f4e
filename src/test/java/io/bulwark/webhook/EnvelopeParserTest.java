package io.bulwark.webhook;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.ledger.AccountUpdate;
import io.bulwark.ledger.TransactionUpdate;
import io.bulwark.problem.ProblemException;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class EnvelopeParserTest {

    /** The canonical envelope of docs/http-contract.md with its type left open; single quotes stand for double quotes. */
    private static final String CANONICAL_EXAMPLE = """
            {
              'id': 'evt_123',
              'type': '%s',
              'occurredAt': '2026-11-29T12:00:00Z',
              'data': {
                'account':      {'id': 'acc_1', 'status': 'active', 'name': 'Main', 'currency': 'EUR', 'balance': '120.50'},
                'transaction':  {'id': 'tx_1', 'accountId': 'acc_1', 'amount': '-5.00', 'currency': 'EUR', 'status': 'booked', 'bookedAt': '2026-11-29T11:59:00Z', 'description': 'Coffee'},
                'transactions': [ {'id': 'tx_2', 'accountId': 'acc_1', 'amount': '10.00', 'currency': 'EUR', 'status': 'pending'} ]
              }
            }""";

    private static final OffsetDateTime NOON_UTC = OffsetDateTime.of(2026, 11, 29, 12, 0, 0, 0, ZoneOffset.UTC);
    private static final AccountUpdate ACC_1 = new AccountUpdate("acc_1", "active", "Main", "EUR",
            new BigDecimal("120.50"), NOON_UTC);
    private static final TransactionUpdate TX_1 = new TransactionUpdate("tx_1", "acc_1", new BigDecimal("-5.00"),
            "EUR", "booked", OffsetDateTime.of(2026, 11, 29, 11, 59, 0, 0, ZoneOffset.UTC), "Coffee", NOON_UTC);
    private static final TransactionUpdate TX_2 = new TransactionUpdate("tx_2", "acc_1", new BigDecimal("10.00"),
            "EUR", "pending", null, null, NOON_UTC);

    private static final String VALID_TRANSACTION =
            "{'id': 'tx_1', 'accountId': 'acc_1', 'amount': '-5.00', 'currency': 'EUR', 'status': 'booked'}";

    private final EnvelopeParser parser = new EnvelopeParser();

    // --- the contract's example, once per type ---

    @Test
    void accountCreatedYieldsTheStatedAccount() {
        WebhookEnvelope envelope = parseContractExample("account.created");

        assertEquals(EventType.ACCOUNT_CREATED, envelope.knownType());
        assertEquals("evt_123", envelope.id());
        assertEquals("account.created", envelope.type());
        assertEquals(NOON_UTC, envelope.occurredAt());
        assertEquals(ACC_1, envelope.account());
        assertEquals(2, envelope.account().balance().scale());
        assertTrue(envelope.transactions().isEmpty());
        assertFalse(envelope.isIgnored());
    }

    @Test
    void accountUpdatedYieldsTheStatedAccount() {
        WebhookEnvelope envelope = parseContractExample("account.updated");

        assertEquals(EventType.ACCOUNT_UPDATED, envelope.knownType());
        assertEquals(ACC_1, envelope.account());
        assertTrue(envelope.transactions().isEmpty());
    }

    @Test
    void accountClosedAlwaysYieldsStatusClosed() {
        WebhookEnvelope envelope = parseContractExample("account.closed");

        assertEquals(EventType.ACCOUNT_CLOSED, envelope.knownType());
        assertEquals(new AccountUpdate("acc_1", "closed", "Main", "EUR", new BigDecimal("120.50"), NOON_UTC),
                envelope.account());
    }

    @Test
    void accountClosedNeedsNoStatus() {
        WebhookEnvelope envelope = parse("""
                {'type': 'account.closed', 'occurredAt': '2026-11-29T12:00:00Z', 'data': {'account': {'id': 'acc_1'}}}""");

        assertEquals(new AccountUpdate("acc_1", "closed", null, null, null, NOON_UTC), envelope.account());
    }

    @Test
    void transactionCreatedYieldsOneTransactionWithExactAmount() {
        WebhookEnvelope envelope = parseContractExample("transaction.created");

        assertEquals(EventType.TRANSACTION_CREATED, envelope.knownType());
        assertNull(envelope.account());
        assertEquals(List.of(TX_1), envelope.transactions());
        BigDecimal amount = envelope.transactions().get(0).amount();
        assertEquals(2, amount.scale());
        assertEquals("-5.00", amount.toPlainString());
    }

    @Test
    void transactionUpdatedYieldsOneTransaction() {
        WebhookEnvelope envelope = parseContractExample("transaction.updated");

        assertEquals(EventType.TRANSACTION_UPDATED, envelope.knownType());
        assertEquals(List.of(TX_1), envelope.transactions());
    }

    @Test
    void transactionsBatchYieldsItsItems() {
        WebhookEnvelope envelope = parseContractExample("transactions.batch");

        assertEquals(EventType.TRANSACTIONS_BATCH, envelope.knownType());
        assertNull(envelope.account());
        assertEquals(List.of(TX_2), envelope.transactions());
        assertEquals(2, envelope.transactions().get(0).amount().scale());
    }

    @Test
    void timestampsAreNormalisedToUtc() {
        WebhookEnvelope envelope = parse("""
                {'type': 'transaction.created', 'occurredAt': '2026-11-29T13:00:00+01:00', 'data': {'transaction':
                  {'id': 'tx_1', 'accountId': 'acc_1', 'amount': '1', 'currency': 'EUR', 'status': 'booked',
                   'bookedAt': '2026-11-29T07:30:00.250-05:00'}}}""");

        assertEquals(NOON_UTC, envelope.occurredAt());
        assertEquals(ZoneOffset.UTC, envelope.occurredAt().getOffset());
        TransactionUpdate transaction = envelope.transactions().get(0);
        assertEquals(OffsetDateTime.of(2026, 11, 29, 12, 30, 0, 250_000_000, ZoneOffset.UTC), transaction.bookedAt());
        assertEquals(NOON_UTC, transaction.asOf());
    }

    // --- types Bulwark does not apply ---

    @Test
    void unknownTypeYieldsAnIgnoredEnvelope() {
        WebhookEnvelope envelope = parse("""
                {'id': 'evt_9', 'type': 'customer.updated', 'occurredAt': '2026-11-29T13:00:00+01:00',
                 'data': {'account': {'status': 'not checked'}}}""");

        assertTrue(envelope.isIgnored());
        assertNull(envelope.knownType());
        assertEquals("customer.updated", envelope.type());
        assertEquals("evt_9", envelope.id());
        assertEquals(NOON_UTC, envelope.occurredAt());
        assertNull(envelope.account());
        assertTrue(envelope.transactions().isEmpty());
    }

    @Test
    void unknownTypeNeedsNothingButItsType() {
        WebhookEnvelope envelope = parse("{'type': 'ping', 'data': 'whatever'}");

        assertTrue(envelope.isIgnored());
        assertNull(envelope.id());
        assertNull(envelope.occurredAt());
    }

    /** A shape Bulwark does not understand is stored, not refused: only what it would apply is checked. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{'id': 'evt_1'}", "{'type': null}", "{'type': 42}", "{'type': {'name': 'ping'}}",
            "{'type': 'account updated'}", "{'type': ''}", "{'type': 'ttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt"
            + "tttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt'}", "{'type': 'ping', 'occurredAt': 'soon'}",
            "{'type': 'ping', 'timestamp': 1764417600}", "{'zen': 'Keep it logically awesome.', 'hook_id': 1}"})
    void aBodyWithoutAUsableTypeOrOfAnotherTypeIsIgnoredNotRefused(String body) {
        WebhookEnvelope envelope = parse(body);

        assertTrue(envelope.isIgnored());
        assertNull(envelope.occurredAt());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{'type': 'ping', 'id': 123}", "{'type': 'ping', 'id': 'evt\\n1'}", "{'type': 'ping', 'id': ''}"})
    void anUnusableBodyIdIsNoIdRatherThanARefusal(String body) {
        assertNull(parse(body).id());
        assertEquals(128, parse("{'type': '" + "t".repeat(128) + "'}").type().length());
    }

    @Test
    void aTypeBulwarkAppliesMayGiveItsTimeAsStandardWebhooksTimestamp() {
        WebhookEnvelope envelope = parse(accountEvent("{'id': 'acc_1'}").replace("occurredAt", "timestamp"));

        assertEquals(EventType.ACCOUNT_UPDATED, envelope.knownType());
        assertEquals(NOON_UTC, envelope.occurredAt());
    }

    @Test
    void typeNamesAreMatchedExactly() {
        assertTrue(parse("{'type': 'Account.Created'}").isIgnored());
    }

    // --- what must be accepted ---

    @Test
    void negativeZeroNumberInAnUnknownMemberIsAccepted() {
        WebhookEnvelope envelope = parse("""
                {'type': 'account.updated', 'occurredAt': '2026-11-29T12:00:00Z', 'meta': {'delta': -0, 'x': -0.0e-5},
                 'data': {'account': {'id': 'acc_1'}}}""");

        assertEquals(new AccountUpdate("acc_1", null, null, null, null, NOON_UTC), envelope.account());
    }

    @Test
    void negativeZeroAmountIsAcceptedWithItsScale() {
        WebhookEnvelope envelope = parse(transactionEvent(
                "{'id': 'tx_1', 'accountId': 'acc_1', 'amount': '-0.00', 'currency': 'EUR', 'status': 'booked'}"));

        BigDecimal amount = envelope.transactions().get(0).amount();
        assertEquals(0, amount.signum());
        assertEquals(2, amount.scale());
    }

    @Test
    void largestAmountIsAcceptedExactly() {
        String largest = "-" + "9".repeat(30) + "." + "9".repeat(18);

        WebhookEnvelope envelope = parse(transactionEvent("{'id': 'tx_1', 'accountId': 'acc_1', 'amount': '"
                + largest + "', 'currency': 'EUR', 'status': 'booked'}"));

        assertEquals(largest, envelope.transactions().get(0).amount().toPlainString());
    }

    @Test
    void fullBatchIsAcceptedInOrder() {
        WebhookEnvelope envelope = parse(batchEvent(IntStream.range(0, EventType.MAX_BATCH_SIZE)
                .mapToObj(i -> "{'id': 'tx_" + i + "', 'accountId': 'acc_1', 'amount': '" + i
                        + ".5', 'currency': 'EUR', 'status': 'booked'}")
                .collect(Collectors.joining(","))));

        assertEquals(EventType.MAX_BATCH_SIZE, envelope.transactions().size());
        for (int i = 0; i < EventType.MAX_BATCH_SIZE; i++) {
            TransactionUpdate transaction = envelope.transactions().get(i);
            assertEquals("tx_" + i, transaction.externalId());
            assertEquals(new BigDecimal(i + ".5"), transaction.amount());
        }
    }

    @Test
    void nullOptionalMembersCountAsAbsent() {
        WebhookEnvelope account = parse("""
                {'id': null, 'type': 'account.updated', 'occurredAt': '2026-11-29T12:00:00Z', 'data': {'account':
                  {'id': 'acc_1', 'status': null, 'name': null, 'currency': null, 'balance': null}}}""");
        WebhookEnvelope transaction = parse(transactionEvent("""
                {'id': 'tx_1', 'accountId': 'acc_1', 'amount': '1.00', 'currency': 'EUR', 'status': 'booked',
                 'bookedAt': null, 'description': null}"""));

        assertNull(account.id());
        assertEquals(new AccountUpdate("acc_1", null, null, null, null, NOON_UTC), account.account());
        assertEquals(new TransactionUpdate("tx_1", "acc_1", new BigDecimal("1.00"), "EUR", "booked", null, null,
                NOON_UTC), transaction.transactions().get(0));
    }

    @Test
    void unknownMembersAnywhereAreAccepted() {
        WebhookEnvelope envelope = parse("""
                {'type': 'transaction.updated', 'occurredAt': '2026-11-29T12:00:00Z', 'apiVersion': 3,
                 'data': {'object': [true, false, null, {'nested': [1.5e3]}], 'transaction':
                   {'id': 'tx_1', 'accountId': 'acc_1', 'amount': '-5.00', 'currency': 'EUR', 'status': 'booked',
                    'merchant': {'name': 'Café ☕', 'mcc': 5814}}}}""");

        assertEquals(new BigDecimal("-5.00"), envelope.transactions().get(0).amount());
    }

    @Test
    void longestTextsAreAccepted() {
        String description = "☕".repeat(EnvelopeParser.MAX_DESCRIPTION_LENGTH);
        String id = "x".repeat(FieldReader.MAX_ID_LENGTH);

        WebhookEnvelope envelope = parse(transactionEvent("{'id': '" + id + "', 'accountId': 'acc_1', 'amount': '1',"
                + " 'currency': 'EUR', 'status': 'booked', 'description': '" + description + "'}"));

        assertEquals(id, envelope.transactions().get(0).externalId());
        assertEquals(description, envelope.transactions().get(0).description());
    }

    @Test
    void oneInstanceServesConcurrentCallers() {
        List<String> ids = IntStream.range(0, 400).parallel()
                .mapToObj(i -> parse(transactionEvent("{'id': 'tx_" + i + "', 'accountId': 'acc_1', 'amount': '"
                        + i + "', 'currency': 'EUR', 'status': 'booked'}")).transactions().get(0).externalId())
                .toList();

        assertEquals(IntStream.range(0, 400).mapToObj(i -> "tx_" + i).toList(), ids);
    }

    @Test
    void memberOrderDoesNotMatter() {
        WebhookEnvelope envelope = parse("""
                {'data': {'transaction': {'description': 'Coffee', 'bookedAt': '2026-11-29T11:59:00Z',
                   'status': 'booked', 'currency': 'EUR', 'amount': '-5.00', 'accountId': 'acc_1', 'id': 'tx_1'}},
                 'occurredAt': '2026-11-29T12:00:00Z', 'type': 'transaction.created', 'id': 'evt_123'}""");

        assertEquals(parseContractExample("transaction.created"), envelope);
    }

    @Test
    void batchSentBeforeItsTypeIsReadInOrder() {
        WebhookEnvelope envelope = parse("{'data': {'transactions': [" + VALID_TRANSACTION + ", "
                + VALID_TRANSACTION.replace("tx_1", "tx_2") + "]}, 'type': 'transactions.batch',"
                + " 'occurredAt': '2026-11-29T12:00:00Z'}");

        assertEquals(List.of("tx_1", "tx_2"), envelope.transactions().stream().map(TransactionUpdate::externalId).toList());
    }

    @Test
    void batchTooLongIsRefusedBeforeTheRestOfTheBodyIsRead() {
        String items = (VALID_TRANSACTION + ", ").repeat(EventType.MAX_BATCH_SIZE + 1);

        ProblemException problem = assertThrows(ProblemException.class, () -> parse(
                "{'type': 'transactions.batch', 'occurredAt': '2026-11-29T12:00:00Z', 'data': {'transactions': ["
                        + items + " never read"));

        assertEquals("data.transactions must have 1 to 1000 items", problem.detail());
    }

    @Test
    void batchTooLongIsRefusedWhenItsTypeComesLast() {
        String items = (VALID_TRANSACTION + ", ").repeat(EventType.MAX_BATCH_SIZE) + VALID_TRANSACTION;

        ProblemException problem = assertThrows(ProblemException.class, () -> parse("{'data': {'transactions': ["
                + items + "]}, 'occurredAt': '2026-11-29T12:00:00Z', 'type': 'transactions.batch'}"));

        assertEquals("data.transactions must have 1 to 1000 items", problem.detail());
    }

    @Test
    void otherTypesMayCarryAnyNumberOfTransactionsUnread() {
        String items = (VALID_TRANSACTION + ", ").repeat(2 * EventType.MAX_BATCH_SIZE) + "'not even an object'";

        assertTrue(parse("{'type': 'ping', 'data': {'transactions': [" + items + "]}}").isIgnored());
        assertEquals(List.of(TX_1.externalId()), parse(transactionEvent(VALID_TRANSACTION)
                .replace("'data': {", "'data': {'transactions': [" + items + "], ")).transactions().stream()
                .map(TransactionUpdate::externalId).toList());
    }

    @Test
    void lastOfRepeatedMembersCounts() {
        WebhookEnvelope envelope = parse("""
                {'type': 'ping', 'data': {'account': {'id': 'acc_0'}}, 'type': 'account.updated',
                 'occurredAt': '2026-11-29T12:00:00Z', 'data': {'account': {'id': 'acc_1', 'id': 'acc_2'}}}""");

        assertEquals("acc_2", envelope.account().externalId());
    }

    // --- what must be rejected ---

    static Stream<Arguments> rejections() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        // The body object is level 1, so 64 arrays inside it make level 65.
        String depth65 = "[".repeat(64) + "]".repeat(64);
        String batchOf1001 = IntStream.range(0, EventType.MAX_BATCH_SIZE + 1)
                .mapToObj(i -> "{'id': 'tx_" + i + "', 'accountId': 'a', 'amount': '1', 'currency': 'EUR', 'status': 's'}")
                .collect(Collectors.joining(","));
        String batchWithBadItem17 = IntStream.range(0, 20)
                .mapToObj(i -> "{'id': 'tx_" + i + "', 'accountId': 'a', 'amount': '" + (i == 17 ? "1,5" : "1")
                        + "', 'currency': 'EUR', 'status': 's'}")
                .collect(Collectors.joining(","));
        return Stream.of(
                rejection("empty body", new byte[0], "body", "empty"),
                rejection("truncated JSON", "{'type': 'account.updated', 'id': 'evt_1'", "body", "not valid JSON"),
                rejection("trailing garbage", "{'type': 'ping'} x", "body", "not valid JSON"),
                rejection("two documents", "{'type': 'ping'}{'type': 'ping'}", "body", "not valid JSON"),
                rejection("top-level array", "[{'type': 'ping'}]", "body", "must be a JSON object"),
                rejection("top-level string", "'ping'", "body", "must be a JSON object"),
                rejection("invalid UTF-8 byte sequence",
                        bytes("{\"type\": \"ping\", \"x\": \"", new byte[] {(byte) 0xC3, (byte) 0x28}, "\"}"),
                        "body", "not valid UTF-8"),
                rejection("overlong UTF-8 encoding",
                        bytes("{\"type\": \"ping\", \"x\": \"", new byte[] {(byte) 0xC0, (byte) 0xAF}, "\"}"),
                        "body", "not valid UTF-8"),
                rejection("UTF-8 encoded surrogate",
                        bytes("{\"type\": \"ping\", \"x\": \"", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, "\"}"),
                        "body", "not valid UTF-8"),
                rejection("U+0000 in a string value", accountEvent("{'id': 'acc_1', 'name': 'Ma\\u0000in'}"),
                        "data.account.name", "U+0000"),
                rejection("U+0000 in a key", accountEvent("{'id': 'acc_1', 'na\\u0000me': 'Main'}"),
                        "data.account", "key containing U+0000"),
                rejection("U+0000 inside an unknown member",
                        "{'type': 'ping', 'meta': {'tags': ['ok', 'x\\u0000y']}}", "meta.tags[1]", "U+0000"),
                rejection("unpaired surrogate escape", "{'type': 'ping', 'note': 'a\\ud800b'}", "note", "unpaired"),
                rejection("100,000 nested arrays in a member", "{'type': 'ping', 'deep': " + deep + "}",
                        "body", "deeper than 64 levels (exceeded under deep)"),
                rejection("100,000 nested arrays as the body", deep, "body", "must be a JSON object"),
                rejection("nesting depth 65", "{'type': 'ping', 'deep': " + depth65 + "}",
                        "body", "deeper than 64 levels"),
                rejection("number 1e999999", "{'type': 'ping', 'meta': {'big': 1e999999}}", "meta.big", "digits before the decimal point"),
                rejection("number 1e1000, 1001 digits once stored", "{'type': 'ping', 'meta': {'big': 1e1000}}", "meta.big",
                        "digits before the decimal point"),
                rejection("NaN literal", "{'type': 'ping', 'x': NaN}", "body", "not valid JSON"),
                rejection("Infinity literal", "{'type': 'ping', 'x': -Infinity}", "body", "not valid JSON"),
                rejection("amount as JSON number", transactionEvent(transactionWith("'amount': -5.00")),
                        "data.transaction.amount", "not a JSON number"),
                rejection("amount 1.2.3", transactionEvent(transactionWith("'amount': '1.2.3'")),
                        "data.transaction.amount", "decimal string"),
                rejection("amount 01.00", transactionEvent(transactionWith("'amount': '01.00'")),
                        "data.transaction.amount", "decimal string"),
                rejection("amount 1e5", transactionEvent(transactionWith("'amount': '1e5'")),
                        "data.transaction.amount", "decimal string"),
                rejection("amount empty", transactionEvent(transactionWith("'amount': ''")),
                        "data.transaction.amount", "decimal string"),
                rejection("amount with 19 fraction digits",
                        transactionEvent(transactionWith("'amount': '0." + "1".repeat(19) + "'")),
                        "data.transaction.amount", "decimal string"),
                rejection("amount null", transactionEvent(transactionWith("'amount': null")),
                        "data.transaction.amount", "is required"),
                rejection("currency eur", transactionEvent(transactionWith("'currency': 'eur'")),
                        "data.transaction.currency", "ISO 4217"),
                rejection("status starting with a digit", transactionEvent(transactionWith("'status': '1booked'")),
                        "data.transaction.status", "start with a letter"),
                rejection("accountId missing", transactionEvent(
                                "{'id': 'tx_1', 'amount': '1', 'currency': 'EUR', 'status': 'booked'}"),
                        "data.transaction.accountId", "is required"),
                rejection("bookedAt not a date", transactionEvent(transactionWith("'bookedAt': 'yesterday'")),
                        "data.transaction.bookedAt", "ISO-8601"),
                rejection("description of 1001 characters",
                        transactionEvent(transactionWith("'description': '" + "d".repeat(1001) + "'")),
                        "data.transaction.description", "at most 1000 characters"),
                rejection("occurredAt missing",
                        "{'type': 'account.updated', 'data': {'account': {'id': 'acc_1'}}}", "occurredAt", "is required"),
                rejection("occurredAt not a date", accountEvent("{'id': 'acc_1'}").replace(
                        "2026-11-29T12:00:00Z", "last tuesday"), "occurredAt", "ISO-8601"),
                rejection("occurredAt without offset", accountEvent("{'id': 'acc_1'}").replace(
                        "2026-11-29T12:00:00Z", "2026-11-29T12:00:00"), "occurredAt", "ISO-8601"),
                rejection("occurredAt in year 10000", accountEvent("{'id': 'acc_1'}").replace(
                        "2026-11-29T12:00:00Z", "+10000-01-01T00:00:00Z"), "occurredAt", "years"),
                rejection("data missing", "{'type': 'account.updated', 'occurredAt': '2026-11-29T12:00:00Z'}",
                        "data", "is required"),
                rejection("data not an object",
                        "{'type': 'account.updated', 'occurredAt': '2026-11-29T12:00:00Z', 'data': [{}]}",
                        "data", "must be an object"),
                rejection("data.account missing",
                        "{'type': 'account.updated', 'occurredAt': '2026-11-29T12:00:00Z', 'data': {}}",
                        "data.account", "is required"),
                rejection("account id missing", accountEvent("{'status': 'active'}"), "data.account.id", "is required"),
                rejection("balance as JSON number", accountEvent("{'id': 'acc_1', 'balance': 120.5}"),
                        "data.account.balance", "not a JSON number"),
                rejection("name of 256 characters", accountEvent("{'id': 'acc_1', 'name': '" + "n".repeat(256) + "'}"),
                        "data.account.name", "at most 255 characters"),
                rejection("status missing on account.created", accountEvent("{'id': 'acc_1'}")
                        .replace("account.updated", "account.created"), "data.account.status", "is required"),
                rejection("status of 33 characters", accountEvent("{'id': 'acc_1', 'status': '" + "s".repeat(33) + "'}"),
                        "data.account.status", "1 to 32 characters"),
                rejection("batch of 0 items", batchEvent(""), "data.transactions", "1 to 1000 items"),
                rejection("batch of 1001 items", batchEvent(batchOf1001), "data.transactions", "1 to 1000 items"),
                rejection("batch not an array", batchEvent("").replace("[]", "{}"),
                        "data.transactions", "must be an array"),
                rejection("batch item not an object", batchEvent(VALID_TRANSACTION + ", 'tx_2'"),
                        "data.transactions[1]", "must be an object"),
                rejection("batch item with a bad amount", batchEvent(batchWithBadItem17),
                        "data.transactions[17].amount", "decimal string"),
                rejection("batch with duplicate ids", batchEvent(VALID_TRANSACTION + ","
                                + VALID_TRANSACTION.replace("tx_1", "tx_2") + "," + VALID_TRANSACTION),
                        "data.transactions[2].id", "repeats data.transactions[0].id"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejections")
    void rejectsWithBadRequestNamingTheField(String description, byte[] body, String field, String rule) {
        ProblemException problem = assertThrows(ProblemException.class, () -> parser.parse(body));

        assertEquals(400, problem.status());
        assertTrue(problem.detail().startsWith(field + " "), () -> "detail names " + field + ": " + problem.detail());
        assertTrue(problem.detail().contains(rule), () -> "detail states the rule: " + problem.detail());
    }

    static Stream<Arguments> secretValues() {
        return Stream.of(
                Arguments.of("U+0000 in an unknown member", bytes("{'type': 'ping', 'token': 'SECRET\\u0000'}")),
                Arguments.of("occurredAt not a date",
                        bytes(accountEvent("{'id': 'acc_1'}").replace("2026-11-29T12:00:00Z", "SECRET"))),
                Arguments.of("amount not a decimal", bytes(transactionEvent(transactionWith("'amount': 'SECRET'")))),
                Arguments.of("currency not a code", bytes(transactionEvent(transactionWith("'currency': 'SECRET'")))),
                Arguments.of("NaN beside a key", bytes("{'type': 'ping', 'SECRET': [NaN]}")),
                Arguments.of("malformed number", bytes("{'type': 'ping', 'x': 1SECRET}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secretValues")
    void rejectionsNeverRepeatTheValue(String description, byte[] body) {
        ProblemException problem = assertThrows(ProblemException.class, () -> parser.parse(body));

        assertFalse(problem.detail().contains("SECRET"), problem.detail());
        assertNull(problem.getCause());
    }

    // --- helpers ---

    private WebhookEnvelope parse(String json) {
        return parser.parse(bytes(json));
    }

    private WebhookEnvelope parseContractExample(String type) {
        return parse(CANONICAL_EXAMPLE.formatted(type));
    }

    private static Arguments rejection(String description, String json, String field, String rule) {
        return rejection(description, bytes(json), field, rule);
    }

    private static Arguments rejection(String description, byte[] body, String field, String rule) {
        return Arguments.of(description, body, field, rule);
    }

    private static String accountEvent(String account) {
        return "{'type': 'account.updated', 'occurredAt': '2026-11-29T12:00:00Z', 'data': {'account': " + account + "}}";
    }

    private static String transactionEvent(String transaction) {
        return "{'type': 'transaction.created', 'occurredAt': '2026-11-29T12:00:00Z', 'data': {'transaction': "
                + transaction + "}}";
    }

    private static String batchEvent(String items) {
        return "{'type': 'transactions.batch', 'occurredAt': '2026-11-29T12:00:00Z', 'data': {'transactions': ["
                + items + "]}}";
    }

    /** The valid transaction with one member, given as {@code 'name': value}, replaced or added. */
    private static String transactionWith(String member) {
        String name = member.substring(0, member.indexOf(':'));
        String replaced = VALID_TRANSACTION.replaceFirst(name + ": '[^']*'", Matcher.quoteReplacement(member));
        return replaced.equals(VALID_TRANSACTION)
                ? VALID_TRANSACTION.substring(0, VALID_TRANSACTION.length() - 1) + ", " + member + "}"
                : replaced;
    }

    /** UTF-8 bytes of the JSON text, single quotes standing for double quotes. */
    private static byte[] bytes(String json) {
        return json.replace('\'', '"').getBytes(UTF_8);
    }

    private static byte[] bytes(String before, byte[] raw, String after) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(before.getBytes(UTF_8));
        body.writeBytes(raw);
        body.writeBytes(after.getBytes(UTF_8));
        return body.toByteArray();
    }
}
