/**
 * Receiving webhooks: the stored delivery ({@link io.bulwark.webhook.WebhookEvent}) and its lifecycle.
 * Owns the {@code webhook_events} table; it applies deliveries through the ledger package's services and
 * never writes accounts or transactions itself.
 */
package io.bulwark.webhook;
