package io.bulwark.ledger;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * What an event says about a transaction. {@code asOf} (the event's occurredAt) decides whether the update
 * is newer than the stored state.
 *
 * @param externalId        the provider's transaction id
 * @param accountExternalId the provider's id of the account it belongs to
 * @param amount            exact signed amount
 * @param currency          ISO 4217 code
 * @param status            the provider's status ({@code pending}, {@code booked}, ...)
 * @param bookedAt          when it was booked, or null
 * @param description       free text, or null
 * @param asOf              when the provider says this state held
 */
public record TransactionUpdate(String externalId, String accountExternalId, BigDecimal amount, String currency,
                                String status, OffsetDateTime bookedAt, String description, OffsetDateTime asOf) {
}
