/**
 * Finding stored events: filtered, newest-first pages with a keyset cursor that new events never shift, and an
 * event read whole with its history (received, failed, applied, alerted, replayed). Reads
 * {@code webhook_events}, {@code alerts} and {@code webhook_replays}; writes nothing.
 */
package io.bulwark.webhook.search;
