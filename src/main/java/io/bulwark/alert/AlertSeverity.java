package io.bulwark.alert;

/** How urgently an operator should look at an alert. */
public enum AlertSeverity {
    INFO,
    WARNING,
    CRITICAL
}
