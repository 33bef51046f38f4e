package io.bulwark.webhook.mapping;

import com.dashjoin.jsonata.Jsonata;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * What a mapping yields, written as JSON text: the objects, arrays, strings, numbers, booleans and nulls that
 * JSONata builds. Numbers keep their exact value (a whole double is written without a fraction); a number that
 * JSON cannot hold, or a function, is refused.
 */
final class JsonText {

    private JsonText() {
    }

    static String of(Object value) {
        StringBuilder json = new StringBuilder();
        write(value, json);
        return json.toString();
    }

    private static void write(Object value, StringBuilder json) {
        if (value == null || value == Jsonata.NULL_VALUE) {
            json.append("null");
        } else if (value instanceof String text) {
            string(text, json);
        } else if (value instanceof Boolean bool) {
            json.append(bool);
        } else if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            if (Double.isNaN(number) || Double.isInfinite(number)) {
                throw new MappingException("yields a number JSON cannot hold");
            }
            json.append(BigDecimal.valueOf(number).stripTrailingZeros().toPlainString());
        } else if (value instanceof Number number) {
            json.append(new BigDecimal(number.toString()).toPlainString());
        } else if (value instanceof Map<?, ?> object) {
            json.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> member : object.entrySet()) {
                json.append(first ? "" : ",");
                first = false;
                string(String.valueOf(member.getKey()), json);
                json.append(':');
                write(member.getValue(), json);
            }
            json.append('}');
        } else if (value instanceof List<?> array) {
            json.append('[');
            for (int i = 0; i < array.size(); i++) {
                json.append(i == 0 ? "" : ",");
                write(array.get(i), json);
            }
            json.append(']');
        } else {
            throw new MappingException("yields a value that is not JSON (a function?)");
        }
    }

    private static void string(String text, StringBuilder json) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
