package io.bulwark.alert.delivery;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where alerts are sent. Incoming-webhook URLs carry their credential in the path or query (a Slack URL's last
 * segments are its token), so the URL is shown only as scheme, host and port.
 */
public final class WebhookTarget {

    private final URI uri;

    private WebhookTarget(URI uri) {
        this.uri = uri;
    }

    /**
     * @throws IllegalArgumentException naming what is wrong, without repeating the URL, for anything but an
     *                                  absolute http or https URL with a host
     */
    public static WebhookTarget parse(String url) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("ALERT_WEBHOOK_URL is not a valid URL (error at index " + e.getIndex() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("ALERT_WEBHOOK_URL must be an http or https URL, not scheme '" + scheme + "'");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("ALERT_WEBHOOK_URL has no host");
        }
        return new WebhookTarget(uri);
    }

    public URI uri() {
        return uri;
    }

    /** The URL as logs and errors may show it: {@code https://hooks.slack.com/...}. */
    @Override
    public String toString() {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort()) + "/...";
    }
}
