package io.bulwark.testing;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads samples out of Prometheus text exposition, as a scrape of {@code /metrics} returns it. */
public final class PrometheusSamples {

    /** The label every application metric carries on MicroProfile Metrics 5. */
    public static final String APPLICATION = "mp_scope=\"application\"";

    private PrometheusSamples() {
    }

    /** The sum of the samples of {@code name} whose labels contain {@code label}; 0 when there is none. */
    public static double value(String exposition, String name, String label) {
        Matcher sample = Pattern.compile("(?m)^" + name + "\\{([^}]*)\\} ([0-9.eE+-]+)$").matcher(exposition);
        double sum = 0;
        while (sample.find()) {
            if (sample.group(1).contains(label)) {
                sum += Double.parseDouble(sample.group(2));
            }
        }
        return sum;
    }

    /**
     * Every sample of the exposition whose labels contain {@code label}, keyed by its name and its labels in
     * order ({@code name{a="1",b="2"}}), whatever order or trailing comma the exposition wrote them in.
     */
    public static Map<String, Double> samples(String exposition, String label) {
        Matcher sample = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)\\} ([0-9.eE+-]+|NaN)$").matcher(exposition);
        Map<String, Double> samples = new TreeMap<>();
        while (sample.find()) {
            if (!sample.group(2).contains(label)) {
                continue;
            }
            Map<String, String> labels = new TreeMap<>();
            Matcher pair = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(sample.group(2));
            while (pair.find()) {
                labels.put(pair.group(1), pair.group(2));
            }
            StringBuilder key = new StringBuilder(sample.group(1)).append('{');
            labels.forEach((name, value) -> key.append(name).append("=\"").append(value).append("\","));
            samples.put(key.append('}').toString(), Double.parseDouble(sample.group(3)));
        }
        return samples;
    }
}
