package io.isthmus.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Plain aligned columns for people: a header line in capitals, then one line per row, columns separated by at
 * least two spaces, no trailing spaces, no colors. A missing or null value shows as {@code -}; an array as its
 * elements joined by commas.
 */
public final class Table {
    private static final String GAP = "  ";
    private final List<Column> columns;

    /**
     * One column.
     *
     * @param header the header, in capitals
     * @param value the cell text of a row
     */
    public record Column(String header, Function<JsonNode, String> value) {
    }

    private Table(List<Column> columns) {
        this.columns = List.copyOf(columns);
    }

    /** A table of these columns. */
    public static Table of(Column... columns) {
        return new Table(List.of(columns));
    }

    /** A column showing the JSON field {@code field} of each row. */
    public static Column column(String header, String field) {
        return new Column(header, row -> text(row.get(field)));
    }

    /** A column computed from each row. */
    public static Column column(String header, Function<JsonNode, String> value) {
        return new Column(header, value);
    }

    /** The text of a JSON value in a cell. */
    public static String text(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "-";
        }
        if (value.isArray()) {
            List<String> parts = new ArrayList<>();
            value.forEach(v -> parts.add(text(v)));
            return parts.isEmpty() ? "-" : String.join(",", parts);
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    /** Prints the header and one line per row. */
    public void print(Iterable<JsonNode> rows, PrintWriter out) {
        List<String[]> lines = new ArrayList<>();
        lines.add(columns.stream().map(Column::header).toArray(String[]::new));
        for (JsonNode row : rows) {
            lines.add(columns.stream().map(c -> c.value().apply(row)).toArray(String[]::new));
        }
        int[] widths = new int[columns.size()];
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        for (String[] line : lines) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                text.append(line[i]);
                if (i < line.length - 1) {
                    text.append(" ".repeat(widths[i] - line[i].length())).append(GAP);
                }
            }
            out.println(text.toString().stripTrailing());
        }
    }
}
