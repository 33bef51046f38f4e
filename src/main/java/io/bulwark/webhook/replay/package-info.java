/**
 * Bulk replay: jobs that re-apply the stored events a filter selects (FAILED ones, and IGNORED ones when
 * asked) by their source's current mapping, one replica per job under a lease, in received order, at a bounded
 * rate. Owns {@code replay_jobs} and {@code replay_job_events}; applies events only through
 * {@link io.bulwark.webhook.Reapplication} under the event's row lock.
 */
package io.bulwark.webhook.replay;
