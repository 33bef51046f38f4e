/**
 * Delivers alerts to people: each alert raised is sent once as JSON (with a Slack-compatible {@code text}) to
 * {@code ALERT_WEBHOOK_URL}, retried with backoff across failures and restarts, by whichever replica claims it
 * first. Reads the {@code alerts} table as an outbox and owns only its delivery columns; it never changes how
 * alerts are raised, and never sends a payload or a secret.
 */
package io.bulwark.alert.delivery;
