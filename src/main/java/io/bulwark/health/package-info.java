/**
 * MicroProfile Health checks for Kubernetes probes. Checks observe the other packages; they never change
 * state, and liveness never touches the database.
 */
package io.bulwark.health;
