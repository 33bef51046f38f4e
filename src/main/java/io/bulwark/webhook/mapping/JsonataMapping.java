package io.bulwark.webhook.mapping;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.dashjoin.jsonata.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One source's mapping: a JSONata expression, compiled once, that reads a delivery's native payload and yields
 * the canonical envelope of what it asks of the ledger ({@code type}, {@code occurredAt}, {@code data}), or
 * nothing when the delivery is not for the ledger. The expression sees the payload as its input and the
 * delivery's derived facts as {@code $event} ({@code source}, {@code type}, {@code deliveryId},
 * {@code occurredAt}): those are stored with the event, so a replay feeds the mapping exactly what the first
 * attempt saw, where raw headers (which carry signatures) are not kept. {@code $fromMinorUnits(amount, currency)}
 * converts minor units exactly.
 *
 * <p>Every evaluation runs within a time limit and a depth of nested evaluation, so a mapping that loops or
 * recurses fails that one delivery instead of holding a request thread. Thread-safe: each evaluation has a frame
 * of its own.
 */
public final class JsonataMapping {

    private static final Pattern SHIPPED_NAME = Pattern.compile("[a-z0-9-]{1,64}");

    private final String name;
    private final Jsonata expression;
    private final long timeoutMillis;
    private final int maxDepth;

    private JsonataMapping(String name, Jsonata expression, Duration timeout, int maxDepth) {
        this.name = name;
        this.expression = expression;
        this.timeoutMillis = Math.max(1, timeout.toMillis());
        this.maxDepth = maxDepth;
    }

    /**
     * The mapping a source's setting names: a mapping shipped in {@code directory} by its name ({@code stripe} is
     * {@code directory/stripe.jsonata}), or a file by its path (any setting holding a {@code /}).
     *
     * @throws MappingException naming the file, when it cannot be read or does not compile
     */
    public static JsonataMapping load(String setting, Path directory, Duration timeout, int maxDepth) {
        Path file;
        if (setting.contains("/")) {
            file = Path.of(setting);
        } else if (SHIPPED_NAME.matcher(setting).matches()) {
            file = directory.resolve(setting + ".jsonata");
        } else {
            throw new MappingException("is neither the name of a shipped mapping (1 to 64 of a-z, 0-9, -) nor a file path");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MappingException("names " + file + ", which cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        return compile(file.toString(), text, timeout, maxDepth);
    }

    /** @throws MappingException naming the mapping, when the text is not a JSONata expression */
    public static JsonataMapping compile(String name, String text, Duration timeout, int maxDepth) {
        Jsonata expression;
        try {
            expression = Jsonata.jsonata(text);
        } catch (JException | IllegalArgumentException | IllegalStateException e) {
            throw new MappingException("names " + name + ", which does not compile: " + e.getMessage());
        }
        expression.registerFunction("fromMinorUnits", (Object amount, Object currency) -> MinorUnits.toDecimal(amount, currency));
        return new JsonataMapping(name, expression, timeout, maxDepth);
    }

    public String name() {
        return name;
    }

    /**
     * What the payload maps to, as JSON text, or empty when the mapping yields nothing.
     *
     * @param payload the payload as stored, valid JSON
     * @param event   the delivery's facts, bound as {@code $event}
     * @throws MappingException when evaluation fails, runs out of time or depth, or yields something not JSON
     */
    public Optional<String> evaluate(String payload, Map<String, Object> event) {
        Jsonata.Frame frame = expression.createFrame();
        frame.setRuntimeBounds(timeoutMillis, maxDepth);
        frame.bind("event", event);
        Object result;
        try {
            result = expression.evaluate(Json.parseJson(payload), frame);
        } catch (JException | IllegalArgumentException | IllegalStateException | ClassCastException | ArithmeticException e) {
            throw new MappingException("mapping " + name + " failed: " + e.getMessage());
        } catch (StackOverflowError e) {
            throw new MappingException("mapping " + name + " nested too deep");
        }
        return result == null ? Optional.empty() : Optional.of(JsonText.of(result));
    }

    @Override
    public String toString() {
        return "JsonataMapping[" + name + "]";
    }
}
