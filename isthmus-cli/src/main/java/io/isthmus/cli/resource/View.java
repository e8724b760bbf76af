package io.isthmus.cli.resource;

import com.fasterxml.jackson.databind.JsonNode;
import io.isthmus.cli.client.Table;
import java.io.PrintWriter;
import java.util.List;

/**
 * How a kind of resource looks in {@code -o table}: a table of its main fields, and optionally a second table of a
 * nested list (a node's interfaces, a route table's routes) shown below a single resource.
 *
 * @param table one row per resource
 * @param childField the JSON array shown below a single resource, or null
 * @param children the table of that array's elements, or null
 */
record View(Table table, String childField, Table children) {

    /** A view without nested list. */
    static View of(Table.Column... columns) {
        return new View(Table.of(columns), null, null);
    }

    /** This view with {@code field}'s elements shown as {@code columns} below a single resource. */
    View withChildren(String field, Table.Column... columns) {
        return new View(table, field, Table.of(columns));
    }

    void printOne(JsonNode resource, PrintWriter out) {
        table.print(List.of(resource), out);
        if (childField != null) {
            out.println();
            children.print(resource.path(childField), out);
        }
    }

    void printMany(Iterable<JsonNode> resources, PrintWriter out) {
        table.print(resources, out);
    }
}
