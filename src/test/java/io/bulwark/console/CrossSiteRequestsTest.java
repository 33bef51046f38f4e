package io.bulwark.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CrossSiteRequestsTest {

    private static final String BASIC = "Basic YWRtaW46c2VjcmV0";
    private static final URI REPLAY = URI.create("https://bulwark.example:9443/api/webhooks/e0e5d03e-e1e9-4aa6-8c26-e0ab2ca610c8/replay");

    @Test
    void consoleCallOfTheSameOriginPasses() {
        assertEquals(Optional.empty(), refusal(Map.of("Sec-Fetch-Site", "same-origin", "Origin", "https://bulwark.example:9443",
                "X-Requested-By", "bulwark-console")));
    }

    @Test
    void pageOfAnotherSiteIsRefusedEvenWithCachedBasicCredentials() {
        assertTrue(refusal(Map.of("Sec-Fetch-Site", "cross-site", "Authorization", BASIC)).orElseThrow().contains("another site"));
        assertTrue(refusal(Map.of("Sec-Fetch-Site", "same-site", "Authorization", BASIC)).isPresent());
        assertTrue(refusal(Map.of("sec-fetch-site", "cross-site", "X-Requested-By", "forged")).isPresent());
    }

    @Test
    void browserWithoutFetchMetadataIsJudgedByItsOrigin() {
        assertTrue(refusal(Map.of("Origin", "https://attacker.example", "Authorization", BASIC)).orElseThrow().contains("another origin"));
        assertTrue(refusal(Map.of("Origin", "https://bulwark.example", "Authorization", BASIC)).isPresent(), "another port is another origin");
        assertTrue(refusal(Map.of("Origin", "null", "Authorization", BASIC)).isPresent());
        assertEquals(Optional.empty(), refusal(Map.of("Origin", "https://BULWARK.example:9443", "Authorization", BASIC)));
    }

    @Test
    void schemesDefaultPortIsTheSameOrigin() {
        URI onDefaultPort = URI.create("https://bulwark.example/api/webhooks/replay");
        assertEquals(Optional.empty(), refusal(onDefaultPort, Map.of("Origin", "https://bulwark.example:443", "Authorization", BASIC)));
        assertEquals(Optional.empty(), refusal(onDefaultPort, Map.of("Origin", "https://bulwark.example", "Authorization", BASIC)));
    }

    @Test
    void sessionCookieAloneNeedsTheConsolesHeader() {
        assertTrue(refusal(Map.of()).orElseThrow().contains("X-Requested-By"));
        assertTrue(refusal(Map.of("Sec-Fetch-Site", "same-origin")).isPresent());
        assertEquals(Optional.empty(), refusal(Map.of("X-Requested-By", "bulwark-console")));
    }

    @Test
    void clientOutsideABrowserIsNotAffected() {
        assertEquals(Optional.empty(), refusal(Map.of("Authorization", BASIC)));
    }

    private static Optional<String> refusal(Map<String, String> headers) {
        return refusal(REPLAY, headers);
    }

    private static Optional<String> refusal(URI requested, Map<String, String> headers) {
        Map<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        byName.putAll(headers);
        return CrossSiteRequests.refusal(byName::get, requested);
    }
}
