package io.bulwark.webhook.signature;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** How a MAC or signature is written into a header. */
public enum SignatureEncoding {
    /** Hex digits, either case. */
    HEX {
        @Override
        byte[] decode(String text) {
            return HexFormat.of().parseHex(text);
        }
    },
    /** Base64 with the standard alphabet (RFC 4648 section 4); the padding may be left out. */
    BASE64 {
        @Override
        byte[] decode(String text) {
            return Base64.getDecoder().decode(text);
        }
    };

    /** @throws IllegalArgumentException when the text is not in this encoding */
    abstract byte[] decode(String text);

    /** The received bytes; empty when the text is not in this encoding or does not decode to that many bytes. */
    Optional<byte[]> decode(String text, int length) {
        try {
            byte[] decoded = decode(text);
            return decoded.length == length ? Optional.of(decoded) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The encoding of that configured name ({@code hex}, {@code base64}), in any letter case. */
    public static Optional<SignatureEncoding> parse(String name) {
        return Arrays.stream(values()).filter(encoding -> encoding.name().equalsIgnoreCase(name.strip())).findFirst();
    }

    /** The configured names, for a message saying what may be set. */
    public static String names() {
        return Arrays.stream(values()).map(encoding -> encoding.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
    }
}
