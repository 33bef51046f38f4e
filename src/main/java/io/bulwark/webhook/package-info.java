/**
 * Receiving webhooks: the stored delivery ({@link io.bulwark.webhook.WebhookEvent}) and its lifecycle.
 * Owns the {@code webhook_events} table and its deduplication keys ({@code webhook_event_keys}); it applies
 * deliveries through the ledger package's services and never writes accounts or transactions itself.
 */
package io.bulwark.webhook;
