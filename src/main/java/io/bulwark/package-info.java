/**
 * Bulwark: webhook ingestion that stays correct when PostgreSQL sits behind a transaction-mode pooler.
 * Each subpackage owns one capability; this package holds only the JAX-RS application.
 */
package io.bulwark;
