package io.isthmus.api.metrics;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes a scrape in the Prometheus text exposition format, version 0.0.4: each family is announced by
 * {@link #family} (its {@code # HELP} and {@code # TYPE} lines) and followed by its samples, one line each, with label
 * values escaped (backslash, double quote, newline). Names are checked, so a typo fails where it is made rather than
 * in the scraper. Not thread-safe; one instance per scrape.
 */
public final class PrometheusText {
    /** The {@code Content-Type} of a scrape in this format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    /** The metric types this writer announces. */
    public enum Type {
        /** A value that only goes up (reset when the process restarts); its name ends in {@code _total}. */
        COUNTER,
        /** A value that goes up and down. */
        GAUGE;
    }

    private final StringBuilder out = new StringBuilder(4096);
    private String family;

    /**
     * Starts the family {@code name}: its HELP and TYPE lines.
     *
     * @throws IllegalArgumentException for a name Prometheus does not accept, or a counter not ending in
     *     {@code _total}
     */
    public PrometheusText family(String name, Type type, String help) {
        if (!METRIC_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a metric name: " + name);
        }
        if (type == Type.COUNTER && !name.endsWith("_total")) {
            throw new IllegalArgumentException("a counter's name ends in _total: " + name);
        }
        family = name;
        out.append("# HELP ").append(name).append(' ');
        for (int i = 0; i < help.length(); i++) {
            char c = help.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        out.append('\n').append("# TYPE ").append(name).append(' ')
            .append(type == Type.COUNTER ? "counter" : "gauge").append('\n');
        return this;
    }

    /** A sample of the current family without labels. */
    public PrometheusText sample(long value) {
        return sample(Map.of(), value);
    }

    /**
     * A sample of the current family with {@code labels} (written in the map's iteration order).
     *
     * @throws IllegalStateException before any {@link #family}
     * @throws IllegalArgumentException for a label name Prometheus does not accept
     */
    public PrometheusText sample(Map<String, String> labels, long value) {
        if (family == null) {
            throw new IllegalStateException("a sample needs its family first");
        }
        out.append(family);
        if (!labels.isEmpty()) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, String> label : labels.entrySet()) {
                if (!LABEL_NAME.matcher(label.getKey()).matches() || label.getKey().startsWith("__")) {
                    throw new IllegalArgumentException("not a label name: " + label.getKey());
                }
                if (!first) {
                    out.append(',');
                }
                first = false;
                out.append(label.getKey()).append("=\"");
                String text = label.getValue();
                for (int i = 0; i < text.length(); i++) {
                    char c = text.charAt(i);
                    switch (c) {
                        case '\\' -> out.append("\\\\");
                        case '"' -> out.append("\\\"");
                        case '\n' -> out.append("\\n");
                        default -> out.append(c);
                    }
                }
                out.append('"');
            }
            out.append('}');
        }
        out.append(' ').append(value).append('\n');
        return this;
    }

    /** The scrape written so far. */
    @Override
    public String toString() {
        return out.toString();
    }
}
