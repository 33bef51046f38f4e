/**
 * Alerts raised for operators when processing fails. Owns the {@code alerts} table; an alert never carries
 * a payload or a secret.
 */
package io.bulwark.alert;
