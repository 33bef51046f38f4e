/**
 * MicroProfile Health checks for Kubernetes probes, and the database health report for people and
 * dashboards. Both observe the other packages and never change state; liveness never touches the database.
 */
package io.bulwark.health;
