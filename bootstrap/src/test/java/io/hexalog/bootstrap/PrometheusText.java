package io.hexalog.bootstrap;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scrape in Prometheus' text format, parsed into samples: a metric name, its labels and a value. Comment
 * lines ({@code # HELP}, {@code # TYPE}) are skipped.
 */
final class PrometheusText {

    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples;

    private PrometheusText(List<Sample> samples) {
        this.samples = samples;
    }

    static PrometheusText parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                throw new IllegalArgumentException("Not a sample line: " + line);
            }
            Map<String, String> labels = new HashMap<>();
            if (sample.group(2) != null) {
                Matcher label = LABEL.matcher(sample.group(2));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            samples.add(new Sample(sample.group(1), Map.copyOf(labels), Double.parseDouble(sample.group(3))));
        }
        return new PrometheusText(samples);
    }

    /** The samples of {@code name} whose labels include {@code labels}. */
    List<Sample> samples(String name, Map<String, String> labels) {
        return samples.stream()
                .filter(sample -> sample.name().equals(name))
                .filter(sample -> sample.labels().entrySet().containsAll(labels.entrySet()))
                .toList();
    }

    /** The value of the one sample of {@code name} with exactly {@code labels}; 0 when there is none yet. */
    double value(String name, Map<String, String> labels) {
        List<Sample> found = samples.stream()
                .filter(sample -> sample.name().equals(name) && sample.labels().equals(labels))
                .toList();
        if (found.size() > 1) {
            throw new IllegalStateException("More than one sample " + name + labels + ": " + found);
        }
        return found.isEmpty() ? 0 : found.get(0).value();
    }

    /** The sum of the samples of {@code name} whose labels include {@code labels}. */
    double sum(String name, Map<String, String> labels) {
        return samples(name, labels).stream().mapToDouble(Sample::value).sum();
    }
}
