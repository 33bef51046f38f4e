/**
 * Retention of stored deliveries: keeps {@code webhook_events} partitioned by the UTC day it received them,
 * creates daily partitions ahead of time, drains the DEFAULT partition, and drops whole days (with their
 * deduplication keys and the alerts of that age) once they are past {@code webhook.retention}. Owns the
 * partitions, never the rows' contents: it reads statuses only to keep a day that still holds unresolved events.
 */
package io.bulwark.webhook.retention;
