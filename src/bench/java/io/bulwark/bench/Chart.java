package io.bulwark.bench;

import java.util.List;
import java.util.Locale;

/** Two small line charts in one SVG: throughput and p99 latency by concurrency, one line per configuration. */
final class Chart {

    private static final String[] COLOURS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728"};
    private static final int[] CONCURRENCY = {1, 16, 64};

    private Chart() {
    }

    static String svg(List<RunResult> results, String[] configurations) {
        StringBuilder svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"900\" height=\"380\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.append("<rect width=\"900\" height=\"380\" fill=\"white\"/>\n");
        panel(svg, results, configurations, 40, "deliveries (transactions) per second", true);
        panel(svg, results, configurations, 480, "p99 latency, ms", false);
        for (int i = 0; i < configurations.length; i++) {
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"350\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"360\">%s</text>%n",
                    40 + i * 280, COLOURS[i], 58 + i * 280, configurations[i]));
        }
        return svg.append("</svg>\n").toString();
    }

    private static void panel(StringBuilder svg, List<RunResult> results, String[] configurations, int left, String title, boolean throughput) {
        int width = 380;
        int height = 260;
        int top = 40;
        double max = 1;
        for (RunResult r : results) {
            max = Math.max(max, throughput ? r.throughput() : r.percentileMillis(99));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"24\" font-weight=\"bold\">%s</text>%n", left, title));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", left, top + height, left + width, top + height));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", left, top, left, top + height));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%.0f</text>%n", left + 4, top + 10, max));
        for (int i = 0; i < CONCURRENCY.length; i++) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%d</text>%n", x(left, width, i) - 6, top + height + 16, CONCURRENCY[i]));
        }
        for (int c = 0; c < configurations.length; c++) {
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < CONCURRENCY.length; i++) {
                int index = i;
                String configuration = configurations[c];
                double maxValue = max;
                results.stream().filter(r -> r.configuration().equals(configuration) && r.concurrency() == CONCURRENCY[index]).findFirst()
                        .ifPresent(r -> points.append(String.format(Locale.ROOT, "%d,%.1f ", x(left, width, index),
                                top + height - (throughput ? r.throughput() : r.percentileMillis(99)) / maxValue * height)));
            }
            svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n", COLOURS[c], points.toString().trim()));
        }
    }

    private static int x(int left, int width, int index) {
        return left + 20 + index * (width - 40) / (CONCURRENCY.length - 1);
    }
}
