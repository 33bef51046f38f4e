/**
 * Accounts and their transactions as the providers' events describe them. Owns the {@code accounts} and
 * {@code transactions} tables; knows nothing of webhooks, signatures or HTTP.
 */
package io.bulwark.ledger;
