/**
 * Signature schemes of webhook senders: Standard Webhooks (with Svix's header names and Ed25519 {@code v1a}
 * signatures), Stripe, GitHub, a configurable HMAC, and unsigned. Verifiers see only headers and raw body bytes;
 * they know nothing of storage, of the envelope or of where their settings come from.
 */
package io.bulwark.webhook.signature;
