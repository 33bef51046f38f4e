/**
 * Group commit: concurrent deliveries coalesced into shared transactions by the request threads themselves.
 * Knows nothing of webhooks or databases; the webhook package supplies what a group's commit does.
 */
package io.bulwark.webhook.group;
