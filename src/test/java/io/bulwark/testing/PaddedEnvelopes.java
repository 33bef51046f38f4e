package io.bulwark.testing;

import java.nio.charset.StandardCharsets;

/**
 * Envelopes of exactly a given size in bytes, valid JSON of a type the server stores as {@code IGNORED}, whose
 * {@code data.zeros} is a long array of zeros: the cheapest body for a sender and among the costliest for a
 * server that builds a tree of it (one object per zero).
 */
public final class PaddedEnvelopes {

    public static final String TYPE = "hostile.padding";

    private PaddedEnvelopes() {
    }

    /** An envelope with event id {@code eventId} of exactly {@code size} bytes. */
    public static byte[] of(String eventId, int size) {
        byte[] head = ("{\"id\":\"" + eventId + "\",\"type\":\"" + TYPE + "\",\"occurredAt\":\"2026-11-29T00:00:00Z\","
                + "\"data\":{\"zeros\":[0").getBytes(StandardCharsets.UTF_8);
        byte[] tail = "]}}".getBytes(StandardCharsets.UTF_8);
        int room = size - head.length - tail.length;
        if (room < 0) {
            throw new IllegalArgumentException("an envelope needs at least " + (head.length + tail.length) + " bytes");
        }
        byte[] body = new byte[size];
        System.arraycopy(head, 0, body, 0, head.length);
        int at = head.length;
        // ",0" per further zero; an odd byte left over becomes a space, which JSON allows between tokens.
        if (room % 2 == 1) {
            body[at++] = ' ';
        }
        for (int i = 0; i < room / 2; i++) {
            body[at++] = ',';
            body[at++] = '0';
        }
        System.arraycopy(tail, 0, body, at, tail.length);
        return body;
    }
}
