/**
 * What every log line of a request carries: a correlation id, as Liberty's JSON logging field
 * {@code ext_correlationId}. Log lines name deliveries by source and id; never payloads or secrets.
 */
package io.bulwark.logging;
