package io.bulwark.ledger;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * What an event says about an account. Null fields are not stated by the event and keep their stored
 * value; {@code asOf} (the event's occurredAt) decides whether the update is newer than the stored state.
 *
 * @param externalId the provider's account id
 * @param status     the provider's status ({@code active}, {@code closed}, ...), or null
 * @param name       display name, or null
 * @param currency   ISO 4217 code, or null
 * @param balance    exact balance, or null
 * @param asOf       when the provider says this state held
 */
public record AccountUpdate(String externalId, String status, String name, String currency, BigDecimal balance,
                            OffsetDateTime asOf) {
}
