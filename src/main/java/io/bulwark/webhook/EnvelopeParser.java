package io.bulwark.webhook;

import static io.bulwark.webhook.FieldReader.Presence.OPTIONAL;
import static io.bulwark.webhook.FieldReader.Presence.REQUIRED;

import io.bulwark.ledger.AccountUpdate;
import io.bulwark.ledger.TransactionUpdate;
import io.bulwark.problem.ProblemException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Validates a delivery body completely and turns it into a {@link WebhookEnvelope}, before anything is stored.
 *
 * <p>The whole document must be storable as it is: strict UTF-8, one JSON object, at most 64 levels deep, no
 * U+0000 or unpaired surrogate anywhere, numbers of at most 1000 digits before and 1000 after the decimal
 * point written out in full (as {@code jsonb} stores them, so a stored payload always parses again). Unknown
 * members are allowed and checked by the same rules, since the caller keeps them in the stored payload.
 * The envelope itself: {@code occurredAt} (or {@code timestamp}) and {@code data} are required for the types
 * Bulwark applies, whose ledger values are checked field by field. Amounts and balances are decimal strings, kept
 * at the scale they were written with; timestamps come back in UTC. A body without a usable {@code type}, or of a
 * type Bulwark does not apply, yields an ignored envelope, whatever else it holds.
 *
 * <p>The body is read once, in place, and only the members the envelope reads are kept while reading, in any
 * order: {@code type}, {@code id}, {@code occurredAt}, {@code timestamp}, {@code created}, {@code action}, and
 * {@code data}'s {@code account}, {@code transaction}
 * and first {@value EventType#MAX_BATCH_SIZE} {@code transactions}. A batch that is too long is refused at its
 * first item too many when {@code type} came before {@code data}, and when reading ends otherwise.
 *
 * <p>Every failure is a {@link ProblemException#badRequest 400} whose detail names the member by its path
 * ({@code data.transactions[17].amount}) and the rule broken, never the value. Thread-safe and reusable.
 */
public class EnvelopeParser {

    static final int MAX_TYPE_LENGTH = 128;
    static final int MAX_NAME_LENGTH = 255;
    static final int MAX_DESCRIPTION_LENGTH = 1000;

    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9._:-]+");
    // An account.closed event states the outcome whatever status it carries.
    private static final String CLOSED = "closed";

    private static final Selection TRANSACTION = Selection.object(members(
            "id", "accountId", "amount", "currency", "status", "bookedAt", "description"));
    // Every member any known type reads: the type may come last, after data.
    // Also what any scheme derives its facts from (EventFacts): Standard Webhooks' timestamp, Stripe's created,
    // GitHub's action.
    private static final Selection ENVELOPE = Selection.object(Map.of(
            "type", Selection.VALUE,
            "id", Selection.VALUE,
            "occurredAt", Selection.VALUE,
            "timestamp", Selection.VALUE,
            "created", Selection.VALUE,
            "action", Selection.VALUE,
            "data", Selection.object(Map.of(
                    "account", Selection.object(members("id", "status", "name", "currency", "balance")),
                    "transaction", TRANSACTION,
                    "transactions", Selection.array(EventType.MAX_BATCH_SIZE, TRANSACTION,
                            EnvelopeParser::isBatch)))));

    private final JsonBodyReader bodyReader = new JsonBodyReader();

    /**
     * Checks that the body is one JSON object that can be stored as it is, and keeps the members the envelope
     * and every scheme's facts are read from.
     *
     * @throws ProblemException 400 when it is not, naming what breaks which rule
     */
    public JsonObject read(byte[] body) {
        return bodyReader.read(body, ENVELOPE);
    }

    /** {@link #envelope} of {@link #read}. */
    public WebhookEnvelope parse(byte[] body) {
        return envelope(read(body));
    }

    /**
     * The canonical envelope in a body's kept members. A body without a usable {@code type}, or of a type Bulwark
     * does not apply, is an ignored envelope, whatever else it holds: a shape Bulwark does not apply is stored, not
     * refused. A type Bulwark applies is checked field by field; its time is {@code occurredAt}, or
     * {@code timestamp} as Standard Webhooks names it.
     *
     * @throws ProblemException 400 when an envelope of a type Bulwark applies breaks a rule
     */
    public WebhookEnvelope envelope(JsonObject kept) {
        String type = usableType(kept.get("type"));
        String id = usableId(kept.get("id"));
        EventType knownType = EventType.fromWireName(type);
        if (knownType == null) {
            return new WebhookEnvelope(id, type, null, lenientTimestamp(kept), null, List.of());
        }
        FieldReader envelope = FieldReader.ofBody(kept);
        OffsetDateTime occurredAt = kept.containsKey("occurredAt") || !kept.containsKey("timestamp")
                ? envelope.timestamp("occurredAt", REQUIRED) : envelope.timestamp("timestamp", REQUIRED);
        FieldReader data = envelope.object("data");
        if (knownType.isAccountEvent()) {
            AccountUpdate account = account(data.object("account"), knownType, occurredAt);
            return new WebhookEnvelope(id, type, knownType, occurredAt, account, List.of());
        }
        List<TransactionUpdate> transactions = knownType == EventType.TRANSACTIONS_BATCH
                ? batch(data, occurredAt)
                : List.of(transaction(data.object("transaction"), occurredAt));
        return new WebhookEnvelope(id, type, knownType, occurredAt, null, transactions);
    }

    /** A type as Bulwark stores it: 1 to 128 letters, digits, '.', '_', ':' or '-'; else null. */
    static String usableType(JsonValue value) {
        return value instanceof JsonString string && string.getString().length() <= MAX_TYPE_LENGTH
                && TYPE.matcher(string.getString()).matches() ? string.getString() : null;
    }

    /** An id of 1 to 255 characters without control characters; else null. */
    static String usableId(JsonValue value) {
        return value instanceof JsonString string && FieldReader.isId(string.getString()) ? string.getString() : null;
    }

    /** {@code occurredAt}, else {@code timestamp}, when either is a usable timestamp; else null. */
    static OffsetDateTime lenientTimestamp(JsonObject kept) {
        for (String name : List.of("occurredAt", "timestamp")) {
            if (kept.get(name) instanceof JsonString) {
                try {
                    return FieldReader.ofBody(kept).timestamp(name, OPTIONAL);
                } catch (ProblemException unusable) {
                    return null;
                }
            }
        }
        return null;
    }

    private static Map<String, Selection> members(String... names) {
        Map<String, Selection> members = new LinkedHashMap<>();
        for (String name : names) {
            members.put(name, Selection.VALUE);
        }
        return members;
    }

    // A batch too long is refused as soon as it is seen, when the type came first, as senders usually send it.
    private static boolean isBatch(Map<String, JsonValue> envelope) {
        return envelope.get("type") instanceof JsonString type
                && type.getString().equals(EventType.TRANSACTIONS_BATCH.wireName());
    }

    private static AccountUpdate account(FieldReader account, EventType type, OffsetDateTime asOf) {
        String id = account.id("id", REQUIRED);
        String status = type == EventType.ACCOUNT_CLOSED
                ? CLOSED
                : account.status("status", type == EventType.ACCOUNT_CREATED ? REQUIRED : OPTIONAL);
        return new AccountUpdate(id, status, account.text("name", MAX_NAME_LENGTH),
                account.currency("currency", OPTIONAL), account.decimal("balance", OPTIONAL), asOf);
    }

    private static List<TransactionUpdate> batch(FieldReader data, OffsetDateTime asOf) {
        List<FieldReader> items = data.objects("transactions", EventType.MAX_BATCH_SIZE);
        List<TransactionUpdate> transactions = new ArrayList<>(items.size());
        // Two states of one transaction in one event have no order between them to decide which holds.
        Map<String, FieldReader> firstById = new HashMap<>();
        for (FieldReader item : items) {
            TransactionUpdate transaction = transaction(item, asOf);
            FieldReader first = firstById.putIfAbsent(transaction.externalId(), item);
            if (first != null) {
                throw ProblemException.badRequest(item.pathOf("id") + " repeats " + first.pathOf("id"));
            }
            transactions.add(transaction);
        }
        return transactions;
    }

    private static TransactionUpdate transaction(FieldReader transaction, OffsetDateTime asOf) {
        return new TransactionUpdate(
                transaction.id("id", REQUIRED),
                transaction.id("accountId", REQUIRED),
                transaction.decimal("amount", REQUIRED),
                transaction.currency("currency", REQUIRED),
                transaction.status("status", REQUIRED),
                transaction.timestamp("bookedAt", OPTIONAL),
                transaction.text("description", MAX_DESCRIPTION_LENGTH),
                asOf);
    }
}
