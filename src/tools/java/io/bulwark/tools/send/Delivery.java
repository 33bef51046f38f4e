package io.bulwark.tools.send;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * What is sent: the body, byte for byte as read, and the delivery id the signature names.
 *
 * @param id the delivery id: {@code --id}, else the body's {@code id}, else a fresh one; for a scheme that reads
 *           the id from the body, the body's own
 */
record Delivery(byte[] body, String id) {

    /**
     * The sample event, or the file (standard input for {@code -}).
     *
     * @throws UsageException when the file cannot be read
     */
    static Delivery of(SendOptions options, InputStream standardInput, Instant now) throws UsageException {
        if (options.file().isEmpty()) {
            String id = options.id().orElseGet(Delivery::freshId);
            return new Delivery(SampleEvent.body(id, options.type().orElse(SampleEvent.TYPE), now), id);
        }
        byte[] body = read(options.file().get(), standardInput);
        Optional<String> bodyId = BodyId.of(body);
        if (!SendOptions.idInHeader(options.scheme(), options.hmac())) {
            return new Delivery(body, bodyId.orElse("(none: the body has no \"id\")"));
        }
        return new Delivery(body, options.id().or(() -> bodyId).orElseGet(Delivery::freshId));
    }

    /** Unique per send, so a repeated command is a new delivery rather than a duplicate. */
    static String freshId() {
        return "evt_" + UUID.randomUUID().toString().replace("-", "");
    }

    private static byte[] read(String file, InputStream standardInput) throws UsageException {
        try {
            return file.equals("-") ? standardInput.readAllBytes() : Files.readAllBytes(Path.of(file));
        } catch (NoSuchFileException e) {
            throw new UsageException("no such file: " + file);
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
