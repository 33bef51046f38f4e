package io.bulwark.testing;

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
}
