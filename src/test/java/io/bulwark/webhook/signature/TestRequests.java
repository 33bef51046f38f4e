package io.bulwark.webhook.signature;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds {@link SignedRequest}s the way the server presents them: header names looked up case-insensitively. */
final class TestRequests {

    private TestRequests() {
    }

    static SignedRequest of(Map<String, List<String>> headers, byte[] body) {
        Map<String, List<String>> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> byName.put(name, List.copyOf(values)));
        byte[] copy = body.clone();
        return new SignedRequest() {
            @Override
            public List<String> headers(String name) {
                return byName.getOrDefault(name, List.of());
            }

            @Override
            public byte[] body() {
                return copy;
            }
        };
    }

    /** A request with headers given as name, value, name, value...; a name given twice has two values. */
    static SignedRequest of(byte[] body, String... namesAndValues) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.computeIfAbsent(namesAndValues[i], name -> new ArrayList<>()).add(namesAndValues[i + 1]);
        }
        return of(headers, body);
    }
}
