package io.bulwark.testing;

import io.bulwark.testing.ProviderPayload.Provider;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The vendored provider payloads (issue 14, item 6): real examples from GitHub, of Stripe's documented event
 * shapes and from the Standard Webhooks specification, so that tests can sign and send exactly what a provider
 * would. {@code ProviderPayloads.github("issues.opened")} is the payload GitHub delivers as an {@code issues}
 * event; {@link #all()} lists every one with its provider and event.
 */
public final class ProviderPayloads {

    private static final List<ProviderPayload> ALL = List.of(
            new ProviderPayload(Provider.GITHUB, "ping", "ping"),
            new ProviderPayload(Provider.GITHUB, "push", "push"),
            new ProviderPayload(Provider.GITHUB, "issues.opened", "issues"),
            new ProviderPayload(Provider.GITHUB, "sponsorship.created", "sponsorship"),
            new ProviderPayload(Provider.STRIPE, "charge.succeeded.eur", "charge.succeeded"),
            new ProviderPayload(Provider.STRIPE, "charge.succeeded.jpy", "charge.succeeded"),
            new ProviderPayload(Provider.STRIPE, "charge.refunded.eur", "charge.refunded"),
            new ProviderPayload(Provider.STRIPE, "payout.paid.eur", "payout.paid"),
            new ProviderPayload(Provider.STRIPE, "payout.failed.jpy", "payout.failed"),
            new ProviderPayload(Provider.STRIPE, "account.updated", "account.updated"),
            new ProviderPayload(Provider.STANDARD, "example.event", "example.event"));

    private ProviderPayloads() {
    }

    /** Every vendored payload, GitHub's first, then Stripe's, then Standard Webhooks'. */
    public static List<ProviderPayload> all() {
        return ALL;
    }

    /** The provider's vendored payloads. */
    public static List<ProviderPayload> of(Provider provider) {
        return ALL.stream().filter(payload -> payload.provider() == provider).toList();
    }

    /** A GitHub payload by name: the event, then the action where it has one ({@code "issues.opened"}). */
    public static ProviderPayload github(String name) {
        return named(Provider.GITHUB, name);
    }

    /** A Stripe event by name: its type, then a qualifier where there are several ({@code "charge.succeeded.jpy"}). */
    public static ProviderPayload stripe(String name) {
        return named(Provider.STRIPE, name);
    }

    /** A Standard Webhooks payload by name ({@code "example.event"}). */
    public static ProviderPayload standard(String name) {
        return named(Provider.STANDARD, name);
    }

    /**
     * The provider's payload of that name.
     *
     * @throws IllegalArgumentException when there is none; the message lists the names there are
     */
    public static ProviderPayload named(Provider provider, String name) {
        return of(provider).stream()
                .filter(payload -> payload.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no " + provider.directory() + " payload named '" + name
                        + "'; there are " + of(provider).stream().map(ProviderPayload::name).collect(Collectors.joining(", "))));
    }
}
