/**
 * Signature schemes of webhook senders: Standard Webhooks, Stripe, GitHub and unsigned. Verifiers see only
 * headers and raw body bytes; they know nothing of storage or of the envelope.
 */
package io.bulwark.webhook.signature;
