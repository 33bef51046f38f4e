/**
 * Mappings written in JSONata, which turn a provider's native payload into Bulwark's canonical envelope: loaded
 * and compiled once when the application starts, evaluated within bounds of time and depth. Knows nothing of
 * deliveries or the ledger; the webhook package validates what a mapping yields exactly as it validates a
 * canonical envelope.
 */
package io.bulwark.webhook.mapping;
