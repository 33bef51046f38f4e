package io.bulwark.webhook.signature;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UnsignedVerifierTest {

    private static final byte[] BODY = "{\"id\":\"evt_1\"}".getBytes(UTF_8);

    private final UnsignedVerifier verifier = new UnsignedVerifier();

    @Test
    void acceptsAnyDeliveryWithoutASecretAndTakesItsWebhookId() {
        SignedRequest request = TestRequests.of(BODY, "webhook-id", "msg_1", "webhook-signature", "v1,bogus");

        assertEquals(Optional.of("msg_1"), verify(request));
    }

    @Test
    void leavesTheDeliveryIdToTheBodyWithoutAWebhookId() {
        assertEquals(Optional.empty(), verify(TestRequests.of(BODY)));
    }

    @Test
    void leavesTheDeliveryIdToTheBodyWhenTheWebhookIdIsBlank() {
        assertEquals(Optional.empty(), verify(TestRequests.of(BODY, "webhook-id", " ")));
    }

    @Test
    void leavesTheDeliveryIdToTheBodyWhenTheWebhookIdIsAmbiguous() {
        assertEquals(Optional.empty(), verify(TestRequests.of(BODY, "webhook-id", "msg_1", "Webhook-Id", "msg_2")));
    }

    private Optional<String> verify(SignedRequest request) {
        return verifier.verify(request, SigningKeys.NONE, Instant.EPOCH, Duration.ZERO);
    }
}
